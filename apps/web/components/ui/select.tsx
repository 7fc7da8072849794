'use client';

import * as SelectPrimitive from '@radix-ui/react-select';
import type { ComponentProps, SelectHTMLAttributes } from 'react';
import { cn } from '@/lib/cn';

/** A styled native select: works in plain forms and server actions without JavaScript. */
export function NativeSelect({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select
      className={cn('block h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-900', className)}
      {...props}
    />
  );
}

export interface SelectOption {
  value: string;
  label: string;
}

/** Radix select; `name` makes it submit with its form like a native one. */
export function Select({
  options,
  placeholder,
  className,
  'aria-label': ariaLabel,
  id,
  ...props
}: ComponentProps<typeof SelectPrimitive.Root> & {
  options: SelectOption[];
  placeholder?: string;
  className?: string;
  'aria-label'?: string;
  id?: string;
}) {
  return (
    <SelectPrimitive.Root {...props}>
      <SelectPrimitive.Trigger
        id={id}
        aria-label={ariaLabel}
        className={cn(
          'inline-flex h-10 w-full items-center justify-between rounded-md border border-slate-300 bg-white px-3 text-sm',
          className,
        )}
      >
        <SelectPrimitive.Value placeholder={placeholder} />
        <SelectPrimitive.Icon aria-hidden>▾</SelectPrimitive.Icon>
      </SelectPrimitive.Trigger>
      <SelectPrimitive.Portal>
        <SelectPrimitive.Content position="popper" className="z-50 min-w-40 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
          <SelectPrimitive.Viewport>
            {options.map((o) => (
              <SelectPrimitive.Item
                key={o.value}
                value={o.value}
                className="cursor-pointer rounded px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-brand-50"
              >
                <SelectPrimitive.ItemText>{o.label}</SelectPrimitive.ItemText>
              </SelectPrimitive.Item>
            ))}
          </SelectPrimitive.Viewport>
        </SelectPrimitive.Content>
      </SelectPrimitive.Portal>
    </SelectPrimitive.Root>
  );
}

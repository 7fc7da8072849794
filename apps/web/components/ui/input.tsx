import type { InputHTMLAttributes } from 'react';
import { cn } from '@/lib/cn';

export interface InputProps extends InputHTMLAttributes<HTMLInputElement> {
  /** Marks the field invalid and links it to its FieldError by id. */
  error?: string;
  errorId?: string;
}

export function Input({ className, error, errorId, ...props }: InputProps) {
  return (
    <input
      aria-invalid={error ? true : undefined}
      aria-describedby={error && errorId ? errorId : props['aria-describedby']}
      className={cn(
        'block h-10 w-full rounded-md border bg-white px-3 text-sm text-slate-900 placeholder:text-slate-500',
        error ? 'border-red-700' : 'border-slate-300',
        className,
      )}
      {...props}
    />
  );
}

import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { FieldError } from '@/components/ui/field-error';
import { Input } from '@/components/ui/input';

export interface DateRangeFormProps {
  /** The page the form reads itself back into. */
  action: string;
  /** Prefix of the inputs' ids, unique on the page. */
  idPrefix: string;
  from: string;
  to: string;
  error?: { field?: string; message: string; fields?: Readonly<Record<string, string>> } | null;
  /** Further fields of the same GET form (e.g. billing's comparison model). */
  children?: ReactNode;
  /** What to say under the form about the error (e.g. that a default range is shown instead). */
  notice?: ReactNode;
}

/** A plain GET form for a from/to day range: the range lives in the URL, so a report can be bookmarked and shared. */
export function DateRangeForm({ action, idPrefix, from, to, error, children, notice }: DateRangeFormProps) {
  const fieldError = (name: string) => error?.fields?.[name] ?? (error?.field === name ? error.message : undefined);
  const day = (name: 'from' | 'to', label: string, value: string) => (
    <div>
      <label htmlFor={`${idPrefix}-${name}`} className="mb-1 block text-sm font-medium text-slate-800">
        {label}
      </label>
      <Input
        id={`${idPrefix}-${name}`}
        type="date"
        name={name}
        defaultValue={value}
        required
        error={fieldError(name)}
        errorId={`${idPrefix}-${name}-error`}
        className="w-44"
      />
      <FieldError id={`${idPrefix}-${name}-error`} message={fieldError(name)} />
    </div>
  );
  return (
    <form method="get" action={action} className="flex flex-wrap items-end gap-3" aria-label="Report range">
      {day('from', 'From', from)}
      {day('to', 'To', to)}
      {children}
      <Button type="submit">Show</Button>
      {notice}
    </form>
  );
}

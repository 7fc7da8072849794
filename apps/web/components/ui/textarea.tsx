import type { TextareaHTMLAttributes } from 'react';
import { cn } from '@/lib/cn';

export interface TextareaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  error?: string;
  errorId?: string;
}

export function Textarea({ className, error, errorId, ...props }: TextareaProps) {
  return (
    <textarea
      aria-invalid={error ? true : undefined}
      aria-describedby={error && errorId ? errorId : props['aria-describedby']}
      className={cn(
        'block min-h-24 w-full rounded-md border bg-white px-3 py-2 text-sm text-slate-900 placeholder:text-slate-500',
        error ? 'border-red-700' : 'border-slate-300',
        className,
      )}
      {...props}
    />
  );
}

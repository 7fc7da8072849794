import type { InputHTMLAttributes } from 'react';
import { FieldError } from '@/components/ui/field-error';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

interface Props extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  error?: string;
}

/** Label, input and its error, wired together by ids. */
export function TextField({ name, label, error, ...props }: Props) {
  const id = `field-${name}`;
  return (
    <div>
      <Label htmlFor={id}>{label}</Label>
      <Input id={id} name={name} error={error} errorId={`${id}-error`} {...props} />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

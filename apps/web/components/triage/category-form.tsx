'use client';

import { createCategoryAction } from '@/app/(app)/admin/triage/actions';
import { TextField } from '@/components/auth/text-field';
import { Button } from '@/components/ui/button';
import { useFormSubmit } from '@/lib/use-form-submit';

export function CategoryForm() {
  const { state, pending, onSubmit, errors } = useFormSubmit(createCategoryAction, { reset: true });
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add a category" className="grid gap-4 sm:grid-cols-[1fr_1fr_2fr_auto] sm:items-start">
      <TextField name="key" label="Key" placeholder="card_arrival" autoComplete="off" error={errors.key} required />
      <TextField name="name" label="Name" placeholder="Card arrival" autoComplete="off" error={errors.name} required />
      <TextField name="description" label="Description (optional)" autoComplete="off" error={errors.description} />
      <Button type="submit" className="sm:mt-6" disabled={pending}>
        {pending ? 'Adding…' : 'Add category'}
      </Button>
      {state.message ? (
        <p role="alert" className="text-sm text-red-700 sm:col-span-4">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}

'use client';

import { useState, useTransition, type FormEvent } from 'react';
import { createCategoryAction } from '@/app/(app)/admin/triage/actions';
import { TextField } from '@/components/auth/text-field';
import { Button } from '@/components/ui/button';
import type { FormState } from '@/lib/form-state';

export function CategoryForm() {
  const [state, setState] = useState<FormState>({ ok: false });
  const [pending, startTransition] = useTransition();

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    startTransition(async () => {
      const result = await createCategoryAction(form);
      setState(result);
      if (result.ok) formEl.reset();
    });
  }

  const errors = state.errors ?? {};
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

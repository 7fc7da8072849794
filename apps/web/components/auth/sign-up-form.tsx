'use client';

import Link from 'next/link';
import { signUpAction } from '@/app/(auth)/signup/actions';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-alert';
import type { FormState } from '@/lib/form-state';
import { useFormSubmit } from '@/lib/use-form-submit';
import { CheckEmail } from './check-email';
import { TextField } from './text-field';

export function SignUpForm() {
  const { state, pending, onSubmit, errors } = useFormSubmit<FormState & { email?: string }>(signUpAction);

  if (state.ok) {
    return (
      <CheckEmail>
        <p>
          We sent a message to <strong className="break-all">{state.email}</strong>. Open the link in it to finish creating your workspace.
          The link works for 24 hours.
        </p>
        <p>Nothing arrived after a few minutes? Check your spam folder, or sign up again.</p>
      </CheckEmail>
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormAlert message={state.message} />
      <TextField name="tenantName" label="Workspace name" autoComplete="organization" error={errors.tenantName} required />
      <TextField name="name" label="Your name" autoComplete="name" error={errors.name} required />
      <TextField name="email" label="Email" type="email" autoComplete="email" error={errors.email} required />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters and hard to guess: a few unrelated words work well."
        error={errors.password}
        required
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Creating workspace…' : 'Create workspace'}
      </Button>
      <p className="text-center text-sm text-slate-700">
        Already have an account?{' '}
        <Link href="/signin" className="font-medium text-brand-700 underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}

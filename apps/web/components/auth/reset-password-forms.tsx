'use client';

import Link from 'next/link';
import { requestResetAction, resetPasswordAction } from '@/app/(auth)/reset-password/actions';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-alert';
import type { FormState } from '@/lib/form-state';
import { useFormSubmit } from '@/lib/use-form-submit';
import { CheckEmail } from './check-email';
import { TextField } from './text-field';

export function RequestResetForm() {
  const { state, pending, onSubmit, errors } = useFormSubmit<FormState & { email?: string }>(requestResetAction);

  if (state.ok) {
    return (
      <CheckEmail>
        <p>
          If <strong className="break-all">{state.email}</strong> has an account, we sent it a link to choose a new password. The link works
          once, for 30 minutes.
        </p>
        <p>
          <Link href="/signin" className="font-medium text-brand-700 underline">
            Back to sign in
          </Link>
        </p>
      </CheckEmail>
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormAlert message={state.message} />
      <p className="text-sm text-slate-700">Enter the email you sign in with and we will send you a link to choose a new password.</p>
      <TextField name="email" label="Email" type="email" autoComplete="email" error={errors.email} required />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Sending…' : 'Send reset link'}
      </Button>
      <p className="text-center text-sm text-slate-700">
        <Link href="/signin" className="font-medium text-brand-700 underline">
          Back to sign in
        </Link>
      </p>
    </form>
  );
}

export function NewPasswordForm({ token }: { token: string }) {
  const { state, pending, onSubmit, errors } = useFormSubmit(resetPasswordAction);
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormAlert message={state.message ?? errors.token} />
      <input type="hidden" name="token" value={token} />
      <TextField
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters and hard to guess. Saving it signs you out on every other device."
        error={errors.password}
        required
      />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Saving…' : 'Save new password'}
      </Button>
    </form>
  );
}

'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { acceptInvitationAction } from '@/app/(auth)/invite/[token]/actions';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-alert';
import { useFormSubmit } from '@/lib/use-form-submit';
import { TextField } from './text-field';

// One form whether or not the email has an account: the page must not tell whoever holds the link which it is.
export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const router = useRouter();
  const { state, pending, onSubmit, errors } = useFormSubmit(async (form) => {
    const result = await acceptInvitationAction(form);
    if (!result.ok || !result.email) return result;
    // Lands in the workspace just joined, not the user's first one.
    await signIn('credentials', {
      email: result.email,
      password: String(form.get('password')),
      tenantId: result.tenantId,
      redirect: false,
    });
    router.push('/');
    router.refresh();
    return result;
  });
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormAlert message={state.message ?? errors.token} />
      <input type="hidden" name="token" value={token} />
      <p className="text-sm text-slate-700">
        Joining as <strong>{email}</strong>
      </p>
      <TextField name="name" label="Your name" autoComplete="name" error={errors.name} required />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        hint="Already have an account with this email? Enter its password. Otherwise choose a new one: at least 10 characters and hard to guess."
        error={errors.password}
        required
      />
      <Button type="submit" className="w-full" disabled={pending || state.ok}>
        {pending || state.ok ? 'Joining…' : 'Accept invitation'}
      </Button>
    </form>
  );
}

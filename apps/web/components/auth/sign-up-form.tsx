'use client';

import { signIn } from 'next-auth/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { signUpAction } from '@/app/(auth)/signup/actions';
import { Button } from '@/components/ui/button';
import type { FormState } from '@/lib/form-state';
import { TextField } from './text-field';

// Submitted by hand rather than through `action=`, so React does not clear what was typed when errors come back.
export function SignUpForm() {
  const router = useRouter();
  const [state, setState] = useState<FormState>({ ok: false });
  const [pending, startTransition] = useTransition();

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    startTransition(async () => {
      const result = await signUpAction(form);
      setState(result);
      if (!result.ok) return;
      await signIn('credentials', { email: String(form.get('email')), password: String(form.get('password')), redirect: false });
      router.push('/inbox');
      router.refresh();
    });
  }

  const errors = state.errors ?? {};
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {state.message ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      ) : null}
      <TextField name="tenantName" label="Workspace name" autoComplete="organization" error={errors.tenantName} required />
      <TextField name="name" label="Your name" autoComplete="name" error={errors.name} required />
      <TextField name="email" label="Email" type="email" autoComplete="email" error={errors.email} required />
      <TextField name="password" label="Password (at least 10 characters)" type="password" autoComplete="new-password" error={errors.password} required />
      <Button type="submit" className="w-full" disabled={pending || state.ok}>
        {pending || state.ok ? 'Creating workspace…' : 'Create workspace'}
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

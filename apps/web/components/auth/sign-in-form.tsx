'use client';

import { signIn } from 'next-auth/react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-alert';
import { TextField } from './text-field';

/** Only same-site paths are followed after sign-in. */
function safeCallback(url: string | undefined): string {
  return url && url.startsWith('/') && !url.startsWith('//') ? url : '/';
}

function minutes(seconds: number): string {
  const m = Math.max(1, Math.ceil(seconds / 60));
  return m === 1 ? '1 minute' : `${m} minutes`;
}

/** NextAuth hands back the error code the server threw; each becomes a sentence. */
function describe(error: string): { message: string; needsCode?: boolean; field?: 'code' } {
  if (error === 'code_required')
    return { message: 'Enter the 6-digit code from your authenticator app, or one of your recovery codes.', needsCode: true };
  if (error === 'code_invalid')
    return {
      message: 'That code is not right or was already used. Enter the code your app shows now, or an unused recovery code.',
      needsCode: true,
      field: 'code',
    };
  if (error.startsWith('locked:')) {
    const seconds = Number(error.slice('locked:'.length)) || 900;
    return {
      message: `Too many failed sign-in attempts. Sign-in is locked for ${minutes(seconds)}; try again later or reset your password.`,
    };
  }
  return { message: 'Email or password is incorrect.' };
}

// Submitted by hand so what was typed stays in the fields when an error comes back.
export function SignInForm({ callbackUrl, notice }: { callbackUrl?: string; notice?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | undefined>();
  const [missing, setMissing] = useState<{ email?: string; password?: string }>({});
  const [needsCode, setNeedsCode] = useState(false);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    setError(null);
    setCodeError(undefined);
    // An empty field is named as such, never reported as a wrong password.
    const empty = { email: email ? undefined : 'Enter your email address', password: password ? undefined : 'Enter your password' };
    setMissing(empty);
    if (empty.email || empty.password) return;
    setPending(true);
    const result = await signIn('credentials', {
      email,
      password,
      code: String(form.get('code') ?? ''),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      const described = describe(result?.error ?? '');
      if (described.needsCode) setNeedsCode(true);
      if (described.field === 'code') setCodeError(described.message);
      else setError(described.message);
      return;
    }
    router.push(safeCallback(callbackUrl));
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {notice && !error ? (
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900">
          {notice}
        </p>
      ) : null}
      <FormAlert message={error} />
      <TextField name="email" label="Email" type="email" autoComplete="email" maxLength={254} error={missing.email} required />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        maxLength={200}
        error={missing.password}
        required
      />
      {needsCode ? (
        <TextField
          name="code"
          label="Authentication code"
          inputMode="text"
          autoComplete="one-time-code"
          hint="6 digits from your authenticator app, or a recovery code such as abcde-fghjk."
          error={codeError}
          autoFocus
          required
        />
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
      <p className="text-center text-sm text-slate-700">
        <Link href="/reset-password" className="font-medium text-brand-700 underline">
          Forgot your password?
        </Link>
      </p>
      <p className="text-center text-sm text-slate-700">
        New here?{' '}
        <Link href="/signup" className="font-medium text-brand-700 underline">
          Create a workspace
        </Link>
      </p>
    </form>
  );
}

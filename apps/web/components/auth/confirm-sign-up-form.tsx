'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { confirmSignUpAction } from '@/app/(auth)/signup/confirm/[token]/actions';
import { Button } from '@/components/ui/button';
import type { FormState } from '@/lib/form-state';

export function ConfirmSignUpForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(confirmSignUpAction, { ok: false });
  return (
    <form action={action} className="space-y-4">
      {state.message ? (
        <div role="alert" className="space-y-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          <p>{state.message}</p>
          <p>
            <Link href="/signup" className="font-medium underline">
              Sign up again
            </Link>{' '}
            or{' '}
            <Link href="/signin" className="font-medium underline">
              sign in
            </Link>
          </p>
        </div>
      ) : (
        <p className="text-sm text-slate-700">
          Your email is confirmed by this link. Create the workspace now, then sign in with the password you chose.
        </p>
      )}
      <input type="hidden" name="token" value={token} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? 'Creating workspace…' : 'Create my workspace'}
      </Button>
    </form>
  );
}

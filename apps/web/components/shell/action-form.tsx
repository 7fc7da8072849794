'use client';

import { useActionState, type ReactNode } from 'react';
import type { FormState } from '@/lib/form-state';

/** A form posting to a server action, showing the action's error (field or form level) beside it. */
export function ActionForm({
  action,
  children,
  className,
  label,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  children: ReactNode;
  className?: string;
  label?: string;
}) {
  const [state, formAction] = useActionState(action, { ok: false });
  const problem = state.message ?? Object.values(state.errors ?? {})[0];
  return (
    <form action={formAction} className={className} aria-label={label}>
      {children}
      {problem ? (
        <p role="alert" className="mt-1 text-sm text-red-700">
          {problem}
        </p>
      ) : null}
    </form>
  );
}

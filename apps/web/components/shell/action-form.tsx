'use client';

import { startTransition, useActionState, useEffect, useRef, type FormEvent, type ReactNode } from 'react';
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
  const form = useRef<HTMLFormElement>(null);
  // React resets a form after its `action` runs, refused or not, so a refused entry vanished and had to be typed
  // again. Submitting through the transition ourselves keeps what was typed; only a saved form is reset (to the
  // values the page now shows). Without JavaScript the `action` attribute still posts.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => formAction(data));
  }
  useEffect(() => {
    if (state.ok) form.current?.reset();
  }, [state]);
  // Every field's problem at once, so one submit shows all there is to fix. On its own line in a row form (with
  // flex-wrap) or a grid, so it never squeezes the fields it is about.
  const problems = state.message ? [state.message] : Object.values(state.errors ?? {});
  return (
    <form ref={form} action={formAction} onSubmit={onSubmit} className={className} aria-label={label}>
      {children}
      {problems.length ? (
        <div role="alert" className="col-span-full mt-1 basis-full space-y-0.5 text-sm text-red-700">
          {problems.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </div>
      ) : null}
    </form>
  );
}

import { useState, useTransition, type FormEvent } from 'react';
import type { FormState } from './form-state';

/**
 * Submits a form to a server action by hand rather than through `action=`, so React does not clear what was typed
 * when errors come back. `reset` clears the form once the action succeeds, for forms that add one thing after another.
 */
export function useFormSubmit<S extends FormState>(run: (form: FormData) => Promise<S>, { reset = false } = {}) {
  const [state, setState] = useState<S>({ ok: false } as S);
  const [pending, startTransition] = useTransition();
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const el = e.currentTarget;
    const form = new FormData(el);
    startTransition(async () => {
      const result = await run(form);
      setState(result);
      if (reset && result.ok) el.reset();
    });
  }
  return { state, pending, onSubmit, errors: state.errors ?? {} };
}

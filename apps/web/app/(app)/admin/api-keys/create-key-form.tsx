'use client';

import { TextField } from '@/components/auth/text-field';
import { Button } from '@/components/ui/button';
import { FieldError } from '@/components/ui/field-error';
import { ShownOnce } from '@/components/ui/shown-once';
import { useFormSubmit } from '@/lib/use-form-submit';
import { createApiKeyAction, type CreateKeyState } from './actions';
import { CopyButton } from './copy-button';

/** The secret is shown once: only its hash is stored, so it cannot be displayed again. */
export function CreateKeyForm({ scopes }: { scopes: readonly string[] }) {
  const { state, pending, onSubmit, errors } = useFormSubmit<CreateKeyState>(createApiKeyAction, { reset: true });
  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="space-y-4" noValidate aria-label="Create an API key">
        <TextField name="name" label="Name" autoComplete="off" placeholder="e.g. Zapier" error={errors.name} required maxLength={100} />
        <fieldset aria-describedby={errors.scopes ? 'scopes-error' : undefined} aria-invalid={errors.scopes ? true : undefined}>
          <legend className="mb-1 text-sm font-medium text-slate-800">Scopes</legend>
          <div className="flex flex-wrap gap-4">
            {scopes.map((scope) => (
              <label key={scope} className="inline-flex items-center gap-2 text-sm text-slate-800">
                <input type="checkbox" name="scopes" value={scope} className="h-4 w-4" />
                <span className="font-mono">{scope}</span>
              </label>
            ))}
          </div>
          <FieldError id="scopes-error" message={errors.scopes} />
        </fieldset>
        <Button type="submit" disabled={pending}>
          {pending ? 'Creating…' : 'Create key'}
        </Button>
      </form>
      {state.message ? (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
      {state.ok && state.key ? (
        <ShownOnce
          label="New API key"
          testId="api-key-secret"
          value={state.key}
          copy={<CopyButton value={state.key} label="Copy API key" />}
        >
          Key <strong>{state.name}</strong> created. Copy it now; it is shown only once:
        </ShownOnce>
      ) : null}
    </div>
  );
}

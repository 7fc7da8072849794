'use client';

import { getCsrfToken } from 'next-auth/react';
import { createWorkspaceAction } from '@/app/account/workspaces/actions';
import { TextField } from '@/components/auth/text-field';
import { Button } from '@/components/ui/button';
import { FormAlert } from '@/components/ui/form-alert';
import { useFormSubmit } from '@/lib/use-form-submit';

/**
 * Creates the workspace, then moves the session into it the way the workspace switcher does (NextAuth's session
 * update, whose jwt callback accepts only workspaces the user belongs to) and opens its admin checklist.
 */
export function NewWorkspaceForm() {
  const { state, pending, onSubmit, errors } = useFormSubmit(async (form) => {
    const result = await createWorkspaceAction({ ok: false }, form);
    if (!result.ok || !result.tenantId) return result;
    const csrfToken = await getCsrfToken();
    const res = await fetch('/api/auth/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ csrfToken, data: { tenantId: result.tenantId } }),
    });
    if (!res.ok) return { ok: false, message: 'The workspace was created; pick it in the Workspace menu to open it.' };
    window.location.assign('/admin');
    return result;
  });
  return (
    <section aria-labelledby="new-workspace-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="new-workspace-heading" className="font-semibold text-slate-900">
        Create another workspace
      </h2>
      <p className="text-sm text-slate-700">
        You become its owner. It starts local-only: no ticket of it reaches a cloud model until one of its admins allows it on the AI
        escalation page.
      </p>
      <form onSubmit={onSubmit} className="space-y-3" noValidate aria-label="Create another workspace">
        <FormAlert message={state.message} />
        <TextField name="tenantName" label="Workspace name" autoComplete="organization" maxLength={80} error={errors.tenantName} required />
        <Button type="submit" disabled={pending}>
          {pending ? 'Creating…' : 'Create workspace'}
        </Button>
      </form>
    </section>
  );
}

'use client';

import { inviteMemberAction } from '@/app/(app)/admin/members/actions';
import { TextField } from '@/components/auth/text-field';
import { Button } from '@/components/ui/button';
import { Options } from '@/components/ui/choice-fields';
import { FieldError } from '@/components/ui/field-error';
import { Label } from '@/components/ui/label';
import { NativeSelect } from '@/components/ui/select';
import { ShownOnce } from '@/components/ui/shown-once';
// The label map itself, not lib/nav: nav asks the permission policy, which must stay out of the browser bundle.
import { ROLE_LABEL } from '@helpdesk/core/labels';
import type { FormState } from '@/lib/form-state';
import { useFormSubmit } from '@/lib/use-form-submit';

type InviteState = FormState & { link?: string; email?: string };

/** The link is shown once: only its hash is stored, so it cannot be displayed again later. */
export function InviteForm({ canInviteOwner }: { canInviteOwner: boolean }) {
  const { state, pending, onSubmit, errors } = useFormSubmit<InviteState>(inviteMemberAction, { reset: true });
  const roles = (['AGENT', 'ADMIN', 'BILLING_VIEWER', 'OWNER'] as const).filter((r) => r !== 'OWNER' || canInviteOwner);
  return (
    <div className="space-y-4">
      <form onSubmit={onSubmit} className="grid gap-4 sm:grid-cols-[2fr_1fr_auto] sm:items-start" noValidate aria-label="Invite a member">
        <TextField name="email" label="Email" type="email" autoComplete="off" maxLength={254} error={errors.email} required />
        <div>
          <Label htmlFor="invite-role">Role</Label>
          <NativeSelect id="invite-role" name="role" defaultValue="AGENT" aria-describedby={errors.role ? 'invite-role-error' : undefined}>
            <Options choices={roles.map((r) => ({ value: r, label: ROLE_LABEL[r] }))} />
          </NativeSelect>
          <FieldError id="invite-role-error" message={errors.role} />
        </div>
        <Button type="submit" className="sm:mt-6" disabled={pending}>
          {pending ? 'Inviting…' : 'Send invitation'}
        </Button>
      </form>
      {state.message ? (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
      {state.ok && state.link ? (
        <ShownOnce label="Invitation link" testId="invitation-link" value={state.link}>
          Invitation created for <strong className="wrap-anywhere">{state.email}</strong>. Copy this link now; it is shown only once:
        </ShownOnce>
      ) : null}
    </div>
  );
}

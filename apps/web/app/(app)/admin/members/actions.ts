'use server';

import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { z } from 'zod';
import { changeRole, createInvitation, invitationSchema, removeMember, revokeInvitation } from '@helpdesk/core/auth/index';
import { db } from '@/lib/clients';
import { failure, invalid, type FormState } from '@/lib/form-state';
import { memberActor, requireMember } from '@/lib/session';

const ADMINS = ['OWNER', 'ADMIN'] as const;

async function origin(): Promise<string> {
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host');
  return host ? `${h.get('x-forwarded-proto') ?? 'http'}://${host}` : (process.env.NEXTAUTH_URL ?? '');
}

export async function inviteMemberAction(form: FormData): Promise<FormState & { link?: string; email?: string }> {
  const member = await requireMember(ADMINS);
  const parsed = invitationSchema.safeParse({ email: form.get('email') ?? '', role: form.get('role') ?? '' });
  if (!parsed.success) return invalid(parsed.error);
  try {
    const invitation = await createInvitation(db(), memberActor(member), parsed.data);
    revalidatePath('/admin/members');
    return { ok: true, email: invitation.email, link: `${await origin()}/invite/${invitation.token}` };
  } catch (error) {
    return failure(error);
  }
}

const changeRoleForm = z.object({
  membershipId: z.string().min(1),
  role: z.enum(['OWNER', 'ADMIN', 'AGENT', 'BILLING_VIEWER'], { error: 'Choose a role' }),
});

export async function changeRoleAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember(ADMINS);
  const parsed = changeRoleForm.safeParse({ membershipId: form.get('membershipId'), role: form.get('role') });
  if (!parsed.success) return invalid(parsed.error);
  try {
    await changeRole(db(), memberActor(member), parsed.data);
    revalidatePath('/admin/members');
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

export async function removeMemberAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember(ADMINS);
  try {
    await removeMember(db(), memberActor(member), String(form.get('membershipId') ?? ''));
    revalidatePath('/admin/members');
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

export async function revokeInvitationAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember(ADMINS);
  try {
    await revokeInvitation(db(), memberActor(member), String(form.get('invitationId') ?? ''));
    revalidatePath('/admin/members');
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

'use server';

import { headers } from 'next/headers';
import { z } from 'zod';
import { changeRole, createInvitation, invitationSchema, removeMember, revokeInvitation } from '@helpdesk/core/auth';
import { Role } from '@helpdesk/db';
import { memberAction } from '@/lib/action';
import { db } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

const PATH = '/admin/members';

async function origin(): Promise<string> {
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host');
  return host ? `${h.get('x-forwarded-proto') ?? 'http'}://${host}` : (process.env.NEXTAUTH_URL ?? '');
}

export async function inviteMemberAction(form: FormData): Promise<FormState & { link?: string; email?: string }> {
  const input = { email: form.get('email') ?? '', role: form.get('role') ?? '' };
  return memberAction('admin.members', { input: invitationSchema, revalidate: PATH }, input, async (data, { actor }) => {
    const invitation = await createInvitation(db(), actor, data);
    return { email: invitation.email, link: `${await origin()}/invite/${invitation.token}` };
  });
}

const changeRoleForm = z.object({
  membershipId: z.string().min(1),
  role: z.enum(Role, { error: 'Choose a role' }),
});

export async function changeRoleAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('admin.members', { input: changeRoleForm, revalidate: PATH }, form, async (data, { actor }) => {
    await changeRole(db(), actor, data);
    return {};
  });
}

const membershipId = z.object({ membershipId: z.string().default('') });

export async function removeMemberAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('admin.members', { input: membershipId, revalidate: PATH }, form, async (data, { actor }) => {
    await removeMember(db(), actor, data.membershipId);
    return {};
  });
}

const invitationId = z.object({ invitationId: z.string().default('') });

export async function revokeInvitationAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('admin.members', { input: invitationId, revalidate: PATH }, form, async (data, { actor }) => {
    await revokeInvitation(db(), actor, data.invitationId);
    return {};
  });
}

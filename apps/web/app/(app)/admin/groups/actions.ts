'use server';

import { z } from 'zod';
import { createGroup, deleteGroup, renameGroup, setGroupMembers } from '@helpdesk/core/groups';
import { memberAction } from '@/lib/action';
import { db } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

const PATH = '/admin/groups';
const groupId = z.string().trim().min(1, 'Choose a group').max(64);
const name = z.string().max(200);

export async function createGroupAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('admin.settings', { input: z.object({ name }), revalidate: PATH }, form, async (data, { actor }) => {
    await createGroup(db(), actor, data.name);
    return {};
  });
}

export async function renameGroupAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('admin.settings', { input: z.object({ groupId, name }), revalidate: PATH }, form, async (data, { actor }) => {
    await renameGroup(db(), actor, data.groupId, data.name);
    return {};
  });
}

// Checkboxes post one `userIds` entry each, which Object.fromEntries would collapse to the last one.
export async function setGroupMembersAction(_prev: FormState, form: FormData): Promise<FormState> {
  const input = { groupId: form.get('groupId'), userIds: form.getAll('userIds') };
  return memberAction(
    'admin.settings',
    { input: z.object({ groupId, userIds: z.array(z.string().min(1).max(64)).max(500) }), revalidate: PATH },
    input,
    async (data, { actor }) => {
      await setGroupMembers(db(), actor, data.groupId, data.userIds);
      return {};
    },
  );
}

export async function deleteGroupAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('admin.settings', { input: z.object({ groupId }), revalidate: PATH }, form, async (data, { actor }) => {
    await deleteGroup(db(), actor, data.groupId);
    return {};
  });
}

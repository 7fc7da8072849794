'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { bulkUpdate, type TicketChanges } from '@helpdesk/core';
import { TicketStatus } from '@helpdesk/db';
import { db } from '@/lib/clients';
import { failure, type FormState } from '@/lib/form-state';
import { memberActor, requireMember } from '@/lib/session';

const bulkForm = z.object({
  ids: z.array(z.string().min(1).max(64)).min(1, 'Select at least one ticket').max(200),
  assigneeId: z.string().max(64),
  status: z.union([z.literal(''), z.enum(TicketStatus)]),
  addTag: z.string().trim().max(50),
});

/** Applies one change set to every selected ticket, all or nothing (the domain runs it in one transaction). */
export async function bulkUpdateAction(ids: string[], input: { assigneeId: string; status: string; addTag: string }): Promise<FormState> {
  const member = await requireMember(['OWNER', 'ADMIN', 'AGENT']);
  const parsed = bulkForm.safeParse({ ids, ...input });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `${String(issue?.path[0] ?? 'ids')}: ${issue?.message ?? 'is invalid'}` };
  }
  const { assigneeId, status, addTag } = parsed.data;
  const changes: TicketChanges = {
    ...(assigneeId ? { assigneeId: assigneeId === 'unassigned' ? null : assigneeId } : {}),
    ...(status ? { status } : {}),
    ...(addTag ? { addTags: [addTag] } : {}),
  };
  if (Object.keys(changes).length === 0) return { ok: false, message: 'Choose an assignee, a status or a tag to apply' };
  try {
    await bulkUpdate(db(), memberActor(member), parsed.data.ids, changes);
    revalidatePath('/inbox');
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

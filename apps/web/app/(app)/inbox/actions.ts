'use server';

import { z } from 'zod';
import { bulkUpdate, type TicketChanges } from '@helpdesk/core';
import { TicketStatus } from '@helpdesk/db';
import { memberAction } from '@/lib/action';
import { db } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

const bulkForm = z.object({
  ids: z.array(z.string().min(1).max(64)).min(1, 'Select at least one ticket').max(200),
  assigneeId: z.string().max(64),
  status: z.union([z.literal(''), z.enum(TicketStatus)]),
  addTag: z.string().trim().max(50),
});

/** Applies one change set to every selected ticket, all or nothing (the domain runs it in one transaction). */
export async function bulkUpdateAction(ids: string[], input: { assigneeId: string; status: string; addTag: string }): Promise<FormState> {
  return memberAction(
    'tickets.update',
    { input: bulkForm, revalidate: '/inbox' },
    { ids, ...input },
    async ({ ids, assigneeId, status, addTag }, { actor }) => {
      const changes: TicketChanges = {
        ...(assigneeId ? { assigneeId: assigneeId === 'unassigned' ? null : assigneeId } : {}),
        ...(status ? { status } : {}),
        ...(addTag ? { addTags: [addTag] } : {}),
      };
      if (Object.keys(changes).length === 0) return { ok: false, message: 'Choose an assignee, a status or a tag to apply' };
      await bulkUpdate(db(), actor, ids, changes);
      return {};
    },
  );
}

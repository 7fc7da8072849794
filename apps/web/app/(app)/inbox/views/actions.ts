'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { deleteView, saveView, ticketSortSchema } from '@helpdesk/core/queries';
import { Priority, TicketStatus } from '@helpdesk/db';
import { memberAction } from '@/lib/action';
import { db } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

const optionalId = z
  .string()
  .trim()
  .max(64)
  .transform((v) => v || undefined);

const viewForm = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(60, 'Use at most 60 characters'),
  status: z.array(z.enum(TicketStatus, { error: 'Choose statuses from the list' })).max(6),
  priority: z.array(z.enum(Priority, { error: 'Choose priorities from the list' })).max(4),
  assigneeId: optionalId,
  groupId: optionalId,
  categoryId: optionalId,
  tag: z
    .string()
    .trim()
    .max(50)
    .transform((v) => v || undefined),
  sort: ticketSortSchema,
  shared: z.boolean(),
});

/** An agent's own view of the inbox (or, for admins, one shared with the team); opens it once saved. */
export async function saveViewAction(_prev: FormState, form: FormData): Promise<FormState> {
  // Checkboxes post one entry each; Object.fromEntries would keep only the last.
  const input = {
    ...Object.fromEntries(form),
    status: form.getAll('status'),
    priority: form.getAll('priority'),
    shared: form.get('shared') === 'on',
  };
  return memberAction('tickets.view', { input: viewForm, revalidate: '/inbox' }, input, async (data, { member }) => {
    const { name, sort, shared, status, priority, ...rest } = data;
    const filters = { ...rest, ...(status.length ? { status } : {}), ...(priority.length ? { priority } : {}) };
    const view = await saveView(db(), member.tenantId, { userId: member.userId, role: member.role }, { name, sort, shared, filters });
    redirect(`/inbox?view=${encodeURIComponent(view.id)}`);
  });
}

export async function deleteMyViewAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction(
    'tickets.view',
    { input: z.object({ viewId: z.string().trim().min(1).max(64) }), revalidate: ['/inbox', '/inbox/views'] },
    form,
    async ({ viewId }, { member }) => {
      await deleteView(db(), member.tenantId, { userId: member.userId, role: member.role }, viewId);
      return {};
    },
  );
}

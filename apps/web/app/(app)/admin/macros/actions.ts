'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { updateMacro } from '@helpdesk/core';
import { Priority, TicketStatus } from '@helpdesk/db';
import { memberAction } from '@/lib/action';
import { db } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

const tagList = z
  .string()
  .max(1000)
  .transform((s) => [
    ...new Set(
      s
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    ),
  ]);

const macroForm = z.object({
  macroId: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1, 'Enter a name').max(100, 'Use at most 100 characters'),
  body: z.string().max(20_000, 'Use at most 20,000 characters'),
  status: z.union([z.literal(''), z.enum(TicketStatus)]),
  priority: z.union([z.literal(''), z.enum(Priority)]),
  addTags: tagList,
  removeTags: tagList,
  assigneeId: z.string().max(64),
});

/** Saves every field of the macro at once (a cleared field clears that action), then returns to the list. */
export async function updateMacroAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction(
    'admin.settings',
    { input: macroForm, revalidate: ['/admin/helpdesk', '/admin/macros/[id]'] },
    form,
    async (data, { actor }) => {
      await updateMacro(db(), actor, data.macroId, {
        name: data.name,
        body: data.body,
        actions: {
          ...(data.status ? { status: data.status } : {}),
          ...(data.priority ? { priority: data.priority } : {}),
          ...(data.addTags.length ? { addTags: data.addTags } : {}),
          ...(data.removeTags.length ? { removeTags: data.removeTags } : {}),
          ...(data.assigneeId ? { assigneeId: data.assigneeId === 'unassigned' ? null : data.assigneeId } : {}),
        },
      });
      redirect('/admin/helpdesk?saved=macro');
    },
  );
}

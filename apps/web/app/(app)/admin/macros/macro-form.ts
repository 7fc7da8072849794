import { z } from 'zod';
import type { MacroActions } from '@helpdesk/core';
import { Priority, TicketStatus } from '@helpdesk/db';

// Fields left out of a post count as empty, as an untouched field does.
const tagList = z
  .string()
  .max(1000)
  .default('')
  .transform((s) => [
    ...new Set(
      s
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    ),
  ]);

/** The macro form's fields (components/admin/macro-fields.tsx), for creating and for editing alike. */
export const macroFields = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(100, 'Use at most 100 characters'),
  body: z.string().max(20_000, 'Use at most 20,000 characters').default(''),
  status: z.union([z.literal(''), z.enum(TicketStatus)]).default(''),
  priority: z.union([z.literal(''), z.enum(Priority)]).default(''),
  addTags: tagList,
  removeTags: tagList,
  assigneeId: z.string().max(64).default(''),
});

/** The actions the form's fields ask for; an empty field asks for none. */
export function macroActionsOf(data: z.output<typeof macroFields>): MacroActions {
  return {
    ...(data.status ? { status: data.status } : {}),
    ...(data.priority ? { priority: data.priority } : {}),
    ...(data.addTags.length ? { addTags: data.addTags } : {}),
    ...(data.removeTags.length ? { removeTags: data.removeTags } : {}),
    ...(data.assigneeId ? { assigneeId: data.assigneeId === 'unassigned' ? null : data.assigneeId } : {}),
  };
}

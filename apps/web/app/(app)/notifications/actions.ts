'use server';

import { markNotificationsRead, markReadInput } from '@helpdesk/core';
import { memberAction } from '@/lib/action';
import { db } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

/** Marks the notification named by the form's `id`, or without one every notification the member sees, as read. */
export async function markNotificationsReadAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('notifications.view', { input: markReadInput, revalidate: '/notifications' }, form, async (data, { actor }) => {
    const count = await markNotificationsRead(db(), actor, data);
    return { message: count === 1 ? 'Marked 1 notification as read' : `Marked ${count} notifications as read` };
  });
}

'use server';

import { revalidatePath } from 'next/cache';
import { retryFailedJob } from '@helpdesk/jobs/queue-status';
import { redis } from '@/lib/clients';
import { failure, type FormState } from '@/lib/form-state';
import { memberActor, requireMember } from '@/lib/session';

export async function retryJobAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember(['OWNER', 'ADMIN', 'AGENT']);
  try {
    await retryFailedJob(redis(), memberActor(member), String(form.get('queue') ?? ''), String(form.get('jobId') ?? ''));
  } catch (error) {
    return failure(error);
  }
  revalidatePath('/ai');
  return { ok: true };
}

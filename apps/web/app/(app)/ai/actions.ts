'use server';

import { z } from 'zod';
import { retryFailedJob } from '@helpdesk/jobs/queue-status';
import { memberAction } from '@/lib/action';
import { redis } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

const failedJob = z.object({ queue: z.string().default(''), jobId: z.string().default('') });

export async function retryJobAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('ai.review', { input: failedJob, revalidate: '/ai' }, form, async ({ queue, jobId }, { actor }) => {
    await retryFailedJob(redis(), actor, queue, jobId);
    return {};
  });
}

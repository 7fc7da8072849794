import type { Redis } from 'ioredis';
import { enqueue, getQueue } from './enqueue';
import { jobs, type JobName, type JobPayload } from './registry';

export type RunAgainOutcome = 'retried' | 'promoted' | 'enqueued' | 'already_queued';

/**
 * Runs a job again now, under its own deterministic id so that it can never run twice side by side: a job that
 * failed for good starts over with its full retries, one waiting out a backoff runs at once, a lost one is enqueued.
 */
export async function runJobAgain<N extends JobName>(redis: Redis, name: N, payload: JobPayload<N>): Promise<RunAgainOutcome> {
  const def = jobs[name];
  const data = def.payload.parse(payload) as JobPayload<N>;
  const jobId = (def.jobId as (p: JobPayload<N>) => string)(data);
  const job = await getQueue(def.queue, redis).getJob(jobId);
  if (!job) {
    await enqueue(redis, name, data);
    return 'enqueued';
  }
  const state = await job.getState();
  if (state === 'failed') {
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    return 'retried';
  }
  if (state === 'delayed') {
    await job.promote();
    return 'promoted';
  }
  // A completed job (the mail went out after all) is not run again; the caller's state check decides.
  return 'already_queued';
}

import { Worker, type Job, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { withLogContext } from '@helpdesk/logging';
import { jobs, type JobName, type JobPayload } from './registry';

export type Handler<N extends JobName> = (payload: JobPayload<N>, job: Job) => Promise<unknown>;
export type Handlers = { [N in JobName]?: Handler<N> };

/**
 * One BullMQ worker for a queue, dispatching by job name to the given handlers. Payloads are
 * re-validated here: a bad payload fails the job visibly instead of reaching domain code.
 */
export function createWorker(queue: string, handlers: Handlers, connection: Redis, options: Partial<WorkerOptions> = {}): Worker {
  return new Worker(
    queue,
    async (job) => {
      const name = job.name as JobName;
      const def = jobs[name];
      const handler = handlers[name] as Handler<JobName> | undefined;
      if (!def || def.queue !== queue || !handler) throw new Error(`No handler for job "${job.name}" on queue "${queue}"`);
      const payload = def.payload.parse(job.data) as JobPayload<JobName>;
      const tenantId = (payload as { tenantId?: unknown }).tenantId;
      // Every line a handler logs names its job and, for tenant work, the tenant.
      return withLogContext({ jobId: job.id, queue, ...(typeof tenantId === 'string' ? { tenantId } : {}) }, () => handler(payload, job));
    },
    { connection, concurrency: 1, stalledInterval: 15_000, maxStalledCount: 2, ...options },
  );
}

import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { jobs, type JobName, type JobPayload } from './registry';

const queues = new Map<string, Queue>();

export function getQueue(name: string, connection: Redis): Queue {
  let q = queues.get(name);
  if (!q) {
    q = new Queue(name, { connection });
    queues.set(name, q);
  }
  return q;
}

/** Validates the payload against the registry and adds the job under its deterministic id. */
export async function enqueue<N extends JobName>(connection: Redis, name: N, payload: JobPayload<N>, opts: JobsOptions = {}) {
  const def = jobs[name];
  const data = def.payload.parse(payload) as JobPayload<N>;
  return getQueue(def.queue, connection).add(name, data, {
    jobId: (def.jobId as (p: JobPayload<N>) => string)(data),
    attempts: def.attempts,
    backoff: { type: 'exponential', delay: def.backoffMs },
    removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
    ...opts,
  });
}

export async function closeQueues(): Promise<void> {
  await Promise.all([...queues.values()].map((q) => q.close()));
  queues.clear();
}

import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { jobs, type JobName, type JobPayload } from './registry';

// Keyed by connection too: tests and tools may talk to several Redis databases in one process.
const queues = new Map<Redis, Map<string, Queue>>();

export function getQueue(name: string, connection: Redis): Queue {
  let byName = queues.get(connection);
  if (!byName) queues.set(connection, (byName = new Map()));
  let q = byName.get(name);
  if (!q) byName.set(name, (q = new Queue(name, { connection })));
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
  await Promise.all([...queues.values()].flatMap((byName) => [...byName.values()].map((q) => q.close())));
  queues.clear();
}

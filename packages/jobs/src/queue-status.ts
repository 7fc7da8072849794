import type { Redis } from 'ioredis';
import { ForbiddenError, NotFoundError, can, type Actor } from '@helpdesk/db';
import { getQueue } from './enqueue';
import { readHeartbeats } from './heartbeat';
import { jobs, type JobName } from './registry';

export const AI_JOBS = ['triage', 'retrieval', 'draft', 'summary', 'kbEmbed', 'classifierTrain'] as const satisfies readonly JobName[];
const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;
type State = (typeof STATES)[number];
/** Queues are shared by tenants; a tenant sees only its own jobs, looked up among this many per state. */
const SCAN = 500;

export interface FailedJob {
  queue: string;
  id: string;
  name: string;
  reason: string;
  attempts: number;
  failedAt: string | null;
  ticketId: string | null;
}

export async function tenantQueueStatus(redis: Redis, tenantId: string) {
  const queues = await Promise.all(
    AI_JOBS.map(async (name) => {
      const queue = getQueue(jobs[name].queue, redis);
      const counts = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<State, number>;
      const failed: FailedJob[] = [];
      for (const state of STATES) {
        const list = await queue.getJobs([state], 0, SCAN - 1);
        for (const job of list) {
          if (!job || (job.data as { tenantId?: string }).tenantId !== tenantId) continue;
          counts[state]++;
          if (state === 'failed') {
            failed.push({
              queue: queue.name,
              id: job.id ?? '',
              name: job.name,
              reason: job.failedReason ?? '',
              attempts: job.attemptsMade,
              failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
              ticketId: (job.data as { ticketId?: string }).ticketId ?? null,
            });
          }
        }
      }
      return { name, queue: queue.name, counts, failed };
    }),
  );
  return { queues, failed: queues.flatMap((q) => q.failed) };
}

/** Model status comes from the AI workers' heartbeats: which model, loaded or not, demo or real. */
export async function aiWorkerStatus(redis: Redis) {
  return (await readHeartbeats(redis)).filter((b) => b.kind === 'ai');
}

export interface ModelView {
  /** The model file's name, without the directory it lives in. */
  name: string;
  loaded: boolean;
  demo: boolean;
  /** Coarse on purpose: whether layers run on a GPU. Devices and layer counts are the operator's (see aiGpuDetails). */
  gpu: 'active' | 'off';
  /** The embedding model's id (knowledge vectors); null while the model is not loaded. */
  embedding: string | null;
  workers: number;
}

/**
 * What a tenant may know about the shared AI workers: how many are alive and which model they run. Host names,
 * process ids, file paths and load errors describe the operator's machines, not the tenant's data, and stay out.
 */
export async function aiModelStatus(redis: Redis): Promise<{ alive: number; models: ModelView[] }> {
  const alive = (await aiWorkerStatus(redis)).filter((w) => w.alive);
  const models = new Map<string, ModelView>();
  for (const w of alive) {
    if (!w.model) continue;
    const name = w.model.path.split(/[\\/]/).pop() ?? '';
    const gpu = w.model.gpu?.offloaded ? 'active' : 'off';
    const embedding = w.model.embeddingModel ?? null;
    const key = `${name}|${w.model.loaded}|${w.model.demo}|${gpu}|${embedding}`;
    const seen = models.get(key);
    if (seen) seen.workers++;
    else models.set(key, { name, loaded: w.model.loaded, demo: w.model.demo, gpu, embedding, workers: 1 });
  }
  return { alive: alive.length, models: [...models.values()] };
}

/** For the platform operator only: each live AI worker's GPU offload (backend, devices, layers), keyed by host. */
export async function aiGpuDetails(redis: Redis, viewer: { platformAdmin: boolean }) {
  if (!viewer.platformAdmin) throw new ForbiddenError("Only platform administrators can see the AI workers' hardware");
  return (await aiWorkerStatus(redis)).flatMap((w) =>
    w.alive && w.model ? [{ worker: w.id, host: w.host, model: w.model.path.split(/[\\/]/).pop() ?? '', gpu: w.model.gpu ?? null }] : [],
  );
}

export async function retryFailedJob(redis: Redis, actor: Actor, queueName: string, jobId: string): Promise<void> {
  if (!can(actor, 'ai.review')) throw new ForbiddenError('Only agents can retry AI jobs');
  const name = AI_JOBS.find((n) => jobs[n].queue === queueName);
  if (!name) throw new NotFoundError('queue');
  const job = await getQueue(queueName, redis).getJob(jobId);
  if (!job || (job.data as { tenantId?: string }).tenantId !== actor.tenantId) throw new NotFoundError('job');
  if (!(await job.isFailed())) return;
  await job.retry('failed');
}

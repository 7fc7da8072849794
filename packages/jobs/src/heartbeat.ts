import type { Redis } from 'ioredis';
import type { ModelStatus } from '@helpdesk/llm';

const KEY = 'helpdesk:workers';

export interface WorkerHeartbeat {
  id: string;
  kind: string;
  pid: number;
  host: string;
  startedAt: string;
  seenAt: string;
  /** The AI worker's model, as its runtime reports it, and the model id knowledge vectors are made with. */
  model?: Pick<ModelStatus, 'path' | 'loaded' | 'demo' | 'gpu' | 'error'> & { embeddingModel?: string };
}

/** Workers write a heartbeat every few seconds; /api/health treats one older than 30 s as gone. */
export async function writeHeartbeat(redis: Redis, beat: WorkerHeartbeat): Promise<void> {
  await redis.hset(KEY, beat.id, JSON.stringify(beat));
}

export async function removeHeartbeat(redis: Redis, id: string): Promise<void> {
  await redis.hdel(KEY, id);
}

/**
 * Heartbeats older than `forgetAfterMs` belong to processes that are gone for good (ids carry the pid), so
 * they are dropped rather than listed as dead forever.
 */
export async function readHeartbeats(
  redis: Redis,
  maxAgeMs = 30_000,
  forgetAfterMs = 600_000,
): Promise<(WorkerHeartbeat & { alive: boolean })[]> {
  const all = await redis.hgetall(KEY);
  const now = Date.now();
  const beats = Object.entries(all).map(([id, raw]) => ({ id, beat: JSON.parse(raw) as WorkerHeartbeat }));
  const gone = beats.filter(({ beat }) => now - Date.parse(beat.seenAt) >= forgetAfterMs).map(({ id }) => id);
  if (gone.length > 0) await redis.hdel(KEY, ...gone);
  return beats.filter(({ id }) => !gone.includes(id)).map(({ beat }) => ({ ...beat, alive: now - Date.parse(beat.seenAt) < maxAgeMs }));
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, readHeartbeats, writeHeartbeat, type WorkerHeartbeat } from '@helpdesk/jobs';

const redis = createRedis('redis://127.0.0.1:6379/9');

function beat(id: string, agoMs: number): WorkerHeartbeat {
  const seenAt = new Date(Date.now() - agoMs).toISOString();
  return { id, kind: 'ai', pid: 1, host: 'h', startedAt: seenAt, seenAt };
}

beforeAll(async () => {
  await redis.flushdb();
});
afterAll(async () => {
  await redis.flushdb();
  await redis.quit();
});

describe('worker heartbeats', () => {
  it('lists live and recently silent workers, and forgets ones gone for longer than the cut-off', async () => {
    await writeHeartbeat(redis, beat('fresh', 1_000));
    await writeHeartbeat(redis, beat('silent', 60_000));
    await writeHeartbeat(redis, beat('gone', 3_600_000));
    const beats = await readHeartbeats(redis);
    expect(Object.fromEntries(beats.map((b) => [b.id, b.alive]))).toEqual({ fresh: true, silent: false });
    expect(await redis.hkeys('helpdesk:workers')).toEqual(expect.arrayContaining(['fresh', 'silent']));
    expect(await redis.hexists('helpdesk:workers', 'gone')).toBe(0);
  });
});

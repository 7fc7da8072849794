import { afterAll, expect, it } from 'vitest';
import { createRedis, removeHeartbeat, writeHeartbeat } from '@helpdesk/jobs';
import { aiModelStatus } from '../src/queue-status';

// Heartbeats live under one fixed key: a Redis database no other suite uses.
const redis = createRedis('redis://127.0.0.1:6379/13');
afterAll(async () => {
  await Promise.all(['ai:box-a:101', 'ai:box-b:202', 'ops:box-a:303'].map((id) => removeHeartbeat(redis, id)));
  redis.disconnect();
});

it('tells a tenant how many AI workers run which model, never their hosts, pids, paths or load errors', async () => {
  const now = new Date().toISOString();
  const model = { path: '/srv/secret-dir/models/tiny-llama-q4_0.gguf', loaded: true, demo: true, embeddingModel: 'tiny-llama-q4_0' };
  await writeHeartbeat(redis, { id: 'ai:box-a:101', kind: 'ai', pid: 101, host: 'box-a.internal', startedAt: now, seenAt: now, model });
  await writeHeartbeat(redis, {
    id: 'ai:box-b:202',
    kind: 'ai',
    pid: 202,
    host: 'box-b.internal',
    startedAt: now,
    seenAt: now,
    model: { path: model.path, loaded: false, demo: true, error: 'ENOENT /srv/secret-dir/x' },
  });
  await writeHeartbeat(redis, { id: 'ops:box-a:303', kind: 'ops', pid: 303, host: 'box-a.internal', startedAt: now, seenAt: now });

  const status = await aiModelStatus(redis);
  expect(status.alive).toBe(2);
  expect(status.models).toHaveLength(2);
  expect(status.models).toEqual(
    expect.arrayContaining([
      { name: 'tiny-llama-q4_0.gguf', loaded: true, demo: true, gpu: 'off', embedding: 'tiny-llama-q4_0', workers: 1 },
      { name: 'tiny-llama-q4_0.gguf', loaded: false, demo: true, gpu: 'off', embedding: null, workers: 1 },
    ]),
  );
  expect(JSON.stringify(status)).not.toMatch(/box-|secret-dir|101|202|ENOENT/);
});

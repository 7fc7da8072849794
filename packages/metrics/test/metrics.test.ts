import { Queue, Worker } from 'bullmq';
import { cloudFailures } from '@helpdesk/escalation';
import { createRedis, getQueue, queueNames } from '@helpdesk/jobs';
import { complete, ModelRuntime } from '@helpdesk/llm';
import { ensureTinyModel } from '@helpdesk/models/tiny-model';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cloudErrorCollector, createRegistry, instrumentWorkers, queueCollector, runtimeCollector } from '../src/index';

// A Redis database no other suite uses: the queue collector reads every registry queue in it.
const REDIS_URL = 'redis://127.0.0.1:6379/10';
const redis = createRedis(REDIS_URL);
let runtime: ModelRuntime;

beforeAll(async () => {
  await redis.flushdb();
  runtime = await ModelRuntime.load({ modelPath: await ensureTinyModel(), threads: 1, sequences: 2, contextSize: 1024, gpu: false });
});
afterAll(async () => {
  await runtime?.dispose();
  await redis.flushdb();
  redis.disconnect();
});

/** The value of one sample in the exposition text, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

it('after a job runs, the worker exposes its wait and duration by queue and kind, and the outcome', async () => {
  const registry = createRegistry('test-worker');
  const queue = new Queue('metrics-test', { connection: createRedis(REDIS_URL) });
  const worker = new Worker(
    'metrics-test',
    async (job) => {
      if (job.name === 'explode') throw new Error('boom');
      await new Promise((r) => setTimeout(r, 20));
    },
    { connection: createRedis(REDIS_URL) },
  );
  instrumentWorkers(registry, [worker]);
  const done = new Promise<void>((resolve) => {
    let n = 0;
    const one = () => ++n === 2 && resolve();
    worker.on('completed', one);
    worker.on('failed', one);
  });
  await queue.add('summary', {});
  await queue.add('explode', {}, { attempts: 1 });
  await done;
  const text = await registry.metrics();
  expect(sample(text, 'helpdesk_job_wait_seconds_count', { queue: 'metrics-test', job: 'summary' })).toBe(1);
  expect(sample(text, 'helpdesk_job_duration_seconds_count', { queue: 'metrics-test', job: 'summary', outcome: 'completed' })).toBe(1);
  expect(
    sample(text, 'helpdesk_job_duration_seconds_sum', { queue: 'metrics-test', job: 'summary', outcome: 'completed' }),
  ).toBeGreaterThanOrEqual(0.02);
  expect(sample(text, 'helpdesk_job_duration_seconds_count', { queue: 'metrics-test', job: 'explode', outcome: 'failed' })).toBe(1);
  expect(text).toContain('process="test-worker"');
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
});

it('queue depth by state comes from Redis for every queue of the registry', async () => {
  const registry = createRegistry('web');
  queueCollector(registry, () => redis);
  const name = queueNames[0]!;
  await getQueue(name, redis).add('probe', {}, { delay: 60_000 });
  await getQueue(name, redis).add('probe', {});
  const text = await registry.metrics();
  for (const q of queueNames) expect(sample(text, 'helpdesk_queue_jobs', { queue: q, state: 'waiting' })).toBeDefined();
  expect(sample(text, 'helpdesk_queue_jobs', { queue: name, state: 'delayed' })).toBe(1);
  expect(sample(text, 'helpdesk_queue_jobs', { queue: name, state: 'waiting' })).toBe(1);
  expect(sample(text, 'helpdesk_queue_oldest_wait_seconds', { queue: name })).toBeGreaterThanOrEqual(0);
});

it('model tokens, busy sequences and cloud errors are exposed after a completion', async () => {
  const registry = createRegistry('ai-worker');
  runtimeCollector(registry, () => ({ ...runtime.stats, busySequences: runtime.pool.busy, sequences: runtime.pool.size }));
  cloudErrorCollector(registry, () => new Map([...cloudFailures, ['http_529', 2]]));
  const before = sample(await registry.metrics(), 'helpdesk_llm_tokens_total', { phase: 'output' }) ?? 0;
  const result = await complete(runtime, { system: 'You sort tickets.', prefixKey: 't', user: 'hello', maxTokens: 3 });
  const text = await registry.metrics();
  expect(sample(text, 'helpdesk_llm_tokens_total', { phase: 'output' })).toBe(before + result.outputTokens);
  expect(sample(text, 'helpdesk_llm_tokens_total', { phase: 'prompt' })).toBeGreaterThanOrEqual(result.promptTokensEvaluated);
  expect(sample(text, 'helpdesk_llm_compute_seconds_total', {})).toBeGreaterThanOrEqual(0);
  expect(sample(text, 'helpdesk_llm_sequences', { state: 'total' })).toBe(2);
  expect(sample(text, 'helpdesk_llm_sequences', { state: 'busy' })).toBe(0);
  expect(sample(text, 'helpdesk_cloud_errors_total', { kind: 'http_529' })).toBe(2);
});

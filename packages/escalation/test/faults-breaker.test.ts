import Anthropic from '@anthropic-ai/sdk';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '@helpdesk/jobs';
import { startFakeAnthropic, type FakeAnthropic } from '@helpdesk/testkit/fake-anthropic';
import { RedisCircuitBreaker, type CircuitOptions } from '../src/circuit-breaker';
import { callCloud } from '../src/cloud-call';

// Keys are per-test model names under helpdesk:circuit:, deleted afterwards: nothing else in this Redis is touched.
const redis = createRedis('redis://127.0.0.1:6379/0');
const models: string[] = [];
let fake: FakeAnthropic;
let client: Anthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic({ deltaDelayMs: 0 });
  client = new Anthropic({ apiKey: 'test', baseURL: fake.url, maxRetries: 0 });
});

afterAll(async () => {
  if (models.length) await redis.del(...models.map((m) => `helpdesk:circuit:${m}`));
  redis.disconnect();
  await fake.close();
});

function workers(n: number, options: Omit<CircuitOptions, 'now'>, clock: { now: number }) {
  const model = `fault-test-${randomUUID()}`;
  models.push(model);
  return Array.from({ length: n }, () => new RedisCircuitBreaker(redis, model, { ...options, now: () => clock.now }));
}

const request = (maxTokens = 64) => ({
  model: 'claude-haiku-4-5',
  system: [{ type: 'text' as const, text: 'rules' }],
  messages: [{ role: 'user' as const, content: 'hello' }],
  maxTokens,
});

describe('circuit breaker shared through Redis', () => {
  it("two workers' failures add up to one circuit, and both see it open", async () => {
    const clock = { now: 1_000 };
    const [a, b] = workers(2, { failureThreshold: 3, coolDownMs: 10_000 }, clock);
    await a!.recordFailure();
    await a!.recordFailure();
    expect(await b!.state()).toBe('closed');
    await b!.recordFailure();
    console.log(
      '[fault] injected: 2 retryable failures on worker A, 1 on worker B (threshold 3); counted: A sees',
      await a!.state(),
      ', B sees',
      await b!.state(),
    );
    expect(await a!.state()).toBe('open');
    expect(await b!.tryAcquire()).toBe(false);
    expect(await a!.tryAcquire()).toBe(false);
  });

  it('counts a 529 and a timeout from the real SDK, not 400s', async () => {
    const clock = { now: 1_000 };
    const [a, b] = workers(2, { failureThreshold: 2, coolDownMs: 10_000 }, clock);
    const base = { client, timeoutMs: 1_500, maxAttempts: 1, baseBackoffMs: 1, maxRetryAfterMs: 1_000, onUsage: async () => undefined };
    // maxTokens 0 is refused by the Messages API with a 400: the service answered, the request was ours to fix.
    const bad = [];
    for (let i = 0; i < 5; i++) bad.push(await callCloud(request(0), { ...base, breaker: i % 2 ? a! : b! }));
    expect(bad.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(Array(5).fill('HTTP 400 invalid_request_error'));
    const afterBad = await a!.state();
    fake.script([
      { type: 'error', status: 529 },
      { type: 'slow', delayMs: 4_000 },
    ]);
    const overloaded = await callCloud(request(), { ...base, breaker: a! });
    const hung = await callCloud(request(), { ...base, breaker: b! });
    console.log(
      `[fault] injected: 5 × HTTP 400, then 529 on worker A and a hang past the 1.5 s timeout on worker B; counted: after the 400s ${afterBad}, after 529 + timeout ${await a!.state()}`,
    );
    expect(afterBad).toBe('closed');
    expect(overloaded).toMatchObject({ ok: false, reason: 'HTTP 529 overloaded_error' });
    expect(hung).toMatchObject({ ok: false, reason: 'timeout' });
    expect(await a!.state()).toBe('open');
    const skipped = await callCloud(request(), { ...base, breaker: a! });
    expect(skipped).toMatchObject({ ok: false, attempts: 0 });
    expect(fake.requests()).toHaveLength(7);
  });

  it('lets exactly one of many workers probe when half-open, and a probe that never reports expires', async () => {
    const clock = { now: 1_000 };
    const breakers = workers(12, { failureThreshold: 1, coolDownMs: 5_000, probeTimeoutMs: 60_000 }, clock);
    await breakers[0]!.recordFailure();
    clock.now += 5_000;
    expect(await breakers[3]!.state()).toBe('half-open');
    const granted = await Promise.all(breakers.map((b) => b.tryAcquire()));
    expect(granted.filter(Boolean)).toHaveLength(1);
    // The worker holding the probe is SIGKILLed: it never records success or failure.
    clock.now += 59_999;
    const stillBlocked = await Promise.all(breakers.map((b) => b.tryAcquire()));
    clock.now += 1;
    const afterExpiry = await Promise.all(breakers.map((b) => b.tryAcquire()));
    console.log(
      `[fault] injected: the half-open probe's worker never reports; counted: probes granted at once ${granted.filter(Boolean).length}, before expiry ${stillBlocked.filter(Boolean).length}, after expiry ${afterExpiry.filter(Boolean).length}`,
    );
    expect(stillBlocked.filter(Boolean)).toHaveLength(0);
    expect(afterExpiry.filter(Boolean)).toHaveLength(1);
    const prober = breakers[afterExpiry.indexOf(true)]!;
    await prober.recordSuccess();
    expect(await breakers[0]!.state()).toBe('closed');
    expect((await Promise.all(breakers.map((b) => b.tryAcquire()))).every(Boolean)).toBe(true);
  });

  it('a failed probe re-opens the circuit for everyone', async () => {
    const clock = { now: 1_000 };
    const [a, b] = workers(2, { failureThreshold: 1, coolDownMs: 5_000 }, clock);
    await a!.recordFailure();
    clock.now += 5_000;
    expect(await b!.tryAcquire()).toBe(true);
    await b!.recordFailure();
    expect(await a!.state()).toBe('open');
    expect(await a!.tryAcquire()).toBe(false);
  });
});

describe('in-process circuit breaker', () => {
  it('cannot stay half-open when its probe never reports', async () => {
    const { CircuitBreaker } = await import('../src/circuit-breaker');
    let now = 0;
    const b = new CircuitBreaker({ failureThreshold: 1, coolDownMs: 1_000, probeTimeoutMs: 5_000, now: () => now });
    b.recordFailure();
    now = 1_000;
    expect(b.tryAcquire()).toBe(true);
    now = 5_999;
    expect(b.tryAcquire()).toBe(false);
    now = 6_000;
    expect(b.tryAcquire()).toBe(true);
    b.recordFailure(false);
    expect(b.state).toBe('closed');
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@helpdesk/config';
import { createRedis } from '@helpdesk/jobs';
import { clientIp, parseRateLimits, RateLimitedError, RateLimiters, withRateLimit } from '../src/rate-limit';

// Real Redis, a database of its own, and a random key prefix per run so parallel runs never share counters.
const redis = createRedis('redis://127.0.0.1:6379/11');
const prefix = `rl-test-${randomBytes(4).toString('hex')}`;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe('rate limiters on Redis', () => {
  it('lets the allowed number through, then refuses with a retry time inside the window', async () => {
    const limiters = new RateLimiters(redis, { prefix, limits: { contactFormIp: { points: 3, durationSeconds: 60 } } });
    for (let i = 0; i < 3; i++) await limiters.consume('contactFormIp', '203.0.113.7');
    const refused = await limiters.consume('contactFormIp', '203.0.113.7').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    const err = refused as RateLimitedError;
    expect(err.status).toBe(429);
    expect(err.limit).toBe('contactFormIp');
    expect(err.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(err.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Another address has its own budget.
    await expect(limiters.consume('contactFormIp', '203.0.113.8')).resolves.toMatchObject({ remaining: 2 });
  });

  it("shares counters between two processes' limiters (same Redis), so a second web instance does not double the limit", async () => {
    const limits = { apiKey: { points: 4, durationSeconds: 60 } };
    const a = new RateLimiters(redis, { prefix, limits });
    const b = new RateLimiters(createRedisClone(), { prefix, limits });
    await a.consume('apiKey', 'key-1');
    await b.consume('apiKey', 'key-1');
    await a.consume('apiKey', 'key-1');
    await b.consume('apiKey', 'key-1');
    await expect(a.consume('apiKey', 'key-1')).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('locks an account for the block time after too many failures; check() refuses without counting; reset() forgives', async () => {
    const limiters = new RateLimiters(redis, { prefix, limits: { signInAccount: { points: 2, durationSeconds: 1, blockSeconds: 30 } } });
    await expect(limiters.check('signInAccount', 'user-1')).resolves.toMatchObject({ remaining: 2 });
    await limiters.consume('signInAccount', 'user-1');
    await limiters.consume('signInAccount', 'user-1');
    await expect(limiters.check('signInAccount', 'user-1')).resolves.toMatchObject({ remaining: 0 });
    await expect(limiters.consume('signInAccount', 'user-1')).rejects.toBeInstanceOf(RateLimitedError);
    // The window was 1 s but the block holds: still refused after the window ended.
    await new Promise((r) => setTimeout(r, 1200));
    const blocked = (await limiters.check('signInAccount', 'user-1').catch((e: unknown) => e)) as RateLimitedError;
    expect(blocked).toBeInstanceOf(RateLimitedError);
    expect(blocked.retryAfterSeconds).toBeGreaterThan(20);
    await limiters.reset('signInAccount', 'user-1');
    await expect(limiters.check('signInAccount', 'user-1')).resolves.toMatchObject({ remaining: 2 });
  });

  it('withRateLimit answers 429 with Retry-After and a JSON error, and does not run the handler', async () => {
    const limiters = new RateLimiters(redis, { prefix, limits: { inboundAlias: { points: 1, durationSeconds: 120 } } });
    let ran = 0;
    const handler = () => {
      ran++;
      return new Response('ok');
    };
    expect((await withRateLimit(limiters, 'inboundAlias', 'support-acme', handler)).status).toBe(200);
    const res = await withRateLimit(limiters, 'inboundAlias', 'support-acme', handler);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(120);
    expect(await res.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(ran).toBe(1);
  });
});

describe('configuration', () => {
  it('reads RATE_LIMITS overrides and refuses unknown names and malformed rules, naming them', () => {
    expect(parseRateLimits('contactFormIp=5/600, signInAccount=10/900/900')).toEqual({
      contactFormIp: { points: 5, durationSeconds: 600 },
      signInAccount: { points: 10, durationSeconds: 900, blockSeconds: 900 },
    });
    expect(() => parseRateLimits('contactForm=5/600')).toThrow(/unknown limit "contactForm"/);
    expect(() => parseRateLimits('apiKey=0/60')).toThrow(/apiKey=0\/60/);
    const base = { DATABASE_URL: 'postgresql://x@127.0.0.1/db', NEXTAUTH_SECRET: 'x'.repeat(16) };
    expect(parseConfig({ ...base, RATE_LIMITS: 'apiKey=100/60' }).RATE_LIMITS).toEqual({ apiKey: { points: 100, durationSeconds: 60 } });
    expect(() => parseConfig({ ...base, RATE_LIMITS: 'apikey=100/60' })).toThrow(/RATE_LIMITS is invalid/);
  });

  it('takes the client address from the nearest hop of X-Forwarded-For', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '198.51.100.1, 203.0.113.9' }))).toBe('203.0.113.9');
    expect(clientIp(new Headers({ 'x-forwarded-for': '::1' }))).toBe('::1');
  });
});

function createRedisClone() {
  const clone = createRedis('redis://127.0.0.1:6379/11');
  afterAll(() => clone.disconnect());
  return clone;
}

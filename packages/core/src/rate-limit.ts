import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RATE_LIMIT_NAMES, type RateLimitName, type RateLimitOverrides, type RateLimitRule } from '@helpdesk/config';
import { DomainError } from '@helpdesk/db/errors';

export { RATE_LIMIT_NAMES, parseRateLimits, type RateLimitName, type RateLimitRule, type RateLimitOverrides } from '@helpdesk/config';

/** High enough for people and normal integrations; each one an order of magnitude below what the attacks in issue 13 reached. */
export const DEFAULT_RATE_LIMITS: Record<RateLimitName, RateLimitRule> = {
  // 10 wrong passwords for one account lock it for 15 minutes (the attack made 50 in 8.6 s).
  signInAccount: { points: 10, durationSeconds: 15 * 60, blockSeconds: 15 * 60 },
  // An office behind one NAT signs in many people; a password sprayer tries many accounts.
  signInIp: { points: 100, durationSeconds: 15 * 60, blockSeconds: 15 * 60 },
  signUpIp: { points: 10, durationSeconds: 60 * 60 },
  // Each accepted form queues AI work; 5 per 10 minutes per visitor is plenty for a person.
  contactFormIp: { points: 5, durationSeconds: 10 * 60 },
  // A mail server may deliver bursts to one alias; 10/s sustained is far above a real support inbox.
  inboundAlias: { points: 600, durationSeconds: 60 },
  apiKey: { points: 600, durationSeconds: 60 },
  passwordReset: { points: 5, durationSeconds: 60 * 60 },
};

export class RateLimitedError extends DomainError {
  constructor(
    readonly limit: RateLimitName,
    readonly retryAfterSeconds: number,
  ) {
    super(`Too many requests; try again in ${retryAfterSeconds} s`, 429, 'rate_limited');
  }
}

export interface RateLimitersOptions {
  limits?: RateLimitOverrides;
  /** Redis key prefix; tests pass their own so they never share counters. */
  prefix?: string;
}

export interface RateLimitState {
  remaining: number;
  retryAfterSeconds: number;
}

const retryAfter = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** The named limiters on one Redis connection. Counters live in Redis, so every web process and worker shares them. */
export class RateLimiters {
  readonly rules: Record<RateLimitName, RateLimitRule>;
  private readonly limiters: Record<RateLimitName, RateLimiterRedis>;

  constructor(redis: Redis, options: RateLimitersOptions = {}) {
    this.rules = { ...DEFAULT_RATE_LIMITS, ...options.limits };
    const prefix = options.prefix ?? 'rl';
    this.limiters = Object.fromEntries(
      RATE_LIMIT_NAMES.map((name) => {
        const rule = this.rules[name];
        return [
          name,
          new RateLimiterRedis({
            storeClient: redis,
            keyPrefix: `${prefix}:${name}`,
            points: rule.points,
            duration: rule.durationSeconds,
            blockDuration: rule.blockSeconds ?? 0,
          }),
        ];
      }),
    ) as Record<RateLimitName, RateLimiterRedis>;
  }

  /** Counts one attempt; throws RateLimitedError when the key is over its limit (the attempt is still counted). */
  async consume(name: RateLimitName, key: string, points = 1): Promise<RateLimitState> {
    try {
      const res = await this.limiters[name].consume(key, points);
      return { remaining: res.remainingPoints, retryAfterSeconds: 0 };
    } catch (error) {
      if (error instanceof RateLimiterRes) throw new RateLimitedError(name, retryAfter(error.msBeforeNext));
      throw error;
    }
  }

  /**
   * Throws RateLimitedError if the key is already over its limit, without counting anything. For checks that must run
   * before the work whose outcome decides whether to count (a sign-in counts only failed passwords).
   */
  async check(name: RateLimitName, key: string): Promise<RateLimitState> {
    const res = await this.limiters[name].get(key);
    if (!res) return { remaining: this.rules[name].points, retryAfterSeconds: 0 };
    if (res.consumedPoints > this.rules[name].points) throw new RateLimitedError(name, retryAfter(res.msBeforeNext));
    return { remaining: Math.max(0, res.remainingPoints), retryAfterSeconds: 0 };
  }

  /** Forgets a key's count, e.g. an account's failed sign-ins after a successful one or a password reset. */
  async reset(name: RateLimitName, key: string): Promise<void> {
    await this.limiters[name].delete(key);
  }
}

/** The JSON answer for a refused request, with `Retry-After` (RFC 9110 §10.2.3) in whole seconds. */
export function rateLimitedResponse(error: RateLimitedError): Response {
  return Response.json(
    { error: { code: error.code, message: error.message, retryAfterSeconds: error.retryAfterSeconds } },
    { status: 429, headers: { 'Retry-After': String(error.retryAfterSeconds) } },
  );
}

/**
 * For route handlers: counts one request against `name`/`key` and answers 429 with `Retry-After` when over the limit,
 * otherwise runs the handler.
 */
export async function withRateLimit(
  limiters: RateLimiters,
  name: RateLimitName,
  key: string,
  handler: () => Promise<Response> | Response,
): Promise<Response> {
  try {
    await limiters.consume(name, key);
  } catch (error) {
    if (error instanceof RateLimitedError) return rateLimitedResponse(error);
    throw error;
  }
  return handler();
}

/**
 * The client address for per-IP limits: the last `X-Forwarded-For` entry, the one added by the hop nearest to us
 * (Next.js sets it from the socket when no proxy did). Earlier entries are whatever the client claimed.
 */
export function clientIp(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for');
  const last = forwarded
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .at(-1);
  return last ?? headers.get('x-real-ip') ?? 'unknown';
}

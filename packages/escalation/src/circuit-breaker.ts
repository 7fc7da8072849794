import type { Redis } from 'ioredis';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitOptions {
  failureThreshold: number;
  coolDownMs: number;
  /**
   * How long a half-open trial call may stay unreported. A worker that dies mid-trial never reports; after this
   * the next caller may try instead of the circuit staying half-open with its only slot taken forever.
   */
  probeTimeoutMs?: number;
  now?: () => number;
}

/**
 * What callCloud needs from a breaker. `retryable` says whether the failure means the service is unwell
 * (429, 5xx, 529, timeouts, dropped connections); a 400 does not count: the service answered.
 */
export interface Breaker {
  tryAcquire(): boolean | Promise<boolean>;
  recordSuccess(): void | Promise<void>;
  recordFailure(retryable?: boolean): void | Promise<void>;
}

export const DEFAULT_CIRCUIT: CircuitOptions = { failureThreshold: 5, coolDownMs: 30_000, probeTimeoutMs: 90_000 };

const probeTimeout = (o: CircuitOptions) => o.probeTimeoutMs ?? DEFAULT_CIRCUIT.probeTimeoutMs!;

/**
 * One process's breaker: after `failureThreshold` consecutive retryable failures the circuit opens and calls fall
 * back to local at once instead of waiting out timeouts; after the cool-down one trial call is let through
 * (half-open), and its outcome closes or re-opens the circuit. Workers share RedisCircuitBreaker instead.
 */
export class CircuitBreaker implements Breaker {
  private failures = 0;
  private openedAt: number | null = null;
  private trialStartedAt: number | null = null;
  private readonly now: () => number;

  constructor(private readonly options: CircuitOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.options.coolDownMs ? 'half-open' : 'open';
  }

  /** Whether a call may go out now; in half-open only one trial call at a time, until it reports or expires. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open') return false;
    if (this.trialStartedAt !== null && this.now() - this.trialStartedAt < probeTimeout(this.options)) return false;
    this.trialStartedAt = this.now();
    return true;
  }

  recordSuccess(): void {
    this.failures = 0;
    this.openedAt = null;
    this.trialStartedAt = null;
  }

  recordFailure(retryable = true): void {
    if (!retryable) return this.recordSuccess();
    this.trialStartedAt = null;
    this.failures++;
    if (this.openedAt !== null || this.failures >= this.options.failureThreshold) this.openedAt = this.now();
  }
}

// KEYS[1] circuit hash; ARGV now, coolDownMs, probeTimeoutMs. Returns 1 when the call may go out.
const ACQUIRE = `
local opened = tonumber(redis.call('HGET', KEYS[1], 'openedAt'))
if not opened then return 1 end
local now = tonumber(ARGV[1])
if now - opened < tonumber(ARGV[2]) then return 0 end
local trial = tonumber(redis.call('HGET', KEYS[1], 'trialUntil'))
if trial and trial > now then return 0 end
redis.call('HSET', KEYS[1], 'trialUntil', now + tonumber(ARGV[3]))
return 1`;

// KEYS[1] circuit hash; ARGV now, failureThreshold, ttlMs.
const FAIL = `
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
if redis.call('HEXISTS', KEYS[1], 'openedAt') == 1 or failures >= tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], 'openedAt', ARGV[1])
end
redis.call('HDEL', KEYS[1], 'trialUntil')
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return failures`;

/**
 * The same circuit kept in Redis, so every worker process sees one state per model: five workers each seeing four
 * failures no longer keep hammering a cloud that is down, and one worker's trial call speaks for all of them.
 * Each transition is one Lua script, so concurrent workers cannot both take the half-open slot.
 */
/** Every model's shared circuit and its state, for the operator's metrics (a model without a key is closed). */
export async function circuitStates(
  redis: Redis,
  options: CircuitOptions = DEFAULT_CIRCUIT,
): Promise<{ model: string; state: CircuitState }[]> {
  const prefix = 'helpdesk:circuit:';
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 200);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return Promise.all(
    keys.map(async (key) => {
      const model = key.slice(prefix.length);
      return { model, state: await new RedisCircuitBreaker(redis, model, options).state() };
    }),
  );
}

export class RedisCircuitBreaker implements Breaker {
  private readonly now: () => number;
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    model: string,
    private readonly options: CircuitOptions = DEFAULT_CIRCUIT,
  ) {
    this.now = options.now ?? Date.now;
    this.key = `helpdesk:circuit:${model}`;
  }

  async state(): Promise<CircuitState> {
    const opened = await this.redis.hget(this.key, 'openedAt');
    if (opened === null) return 'closed';
    return this.now() - Number(opened) >= this.options.coolDownMs ? 'half-open' : 'open';
  }

  // Fails open: the breaker only saves waiting out timeouts, and a Redis hiccup must not lose a billed call's record.
  async tryAcquire(): Promise<boolean> {
    try {
      return (await this.redis.eval(ACQUIRE, 1, this.key, this.now(), this.options.coolDownMs, probeTimeout(this.options))) === 1;
    } catch {
      return true;
    }
  }

  async recordSuccess(): Promise<void> {
    await this.redis.del(this.key).catch(() => undefined);
  }

  async recordFailure(retryable = true): Promise<void> {
    if (!retryable) return this.recordSuccess();
    // A circuit nobody touches for a long while forgets old failures instead of opening on the next one.
    const ttlMs = Math.max(10 * (this.options.coolDownMs + probeTimeout(this.options)), 3_600_000);
    await this.redis.eval(FAIL, 1, this.key, this.now(), this.options.failureThreshold, ttlMs).catch(() => undefined);
  }
}

const breakers = new Map<string, CircuitBreaker>();

/** The shared breaker when the worker has Redis; an in-process one otherwise (a tool or test without Redis). */
export function breakerFor(model: string, redis?: Redis | null, options: CircuitOptions = DEFAULT_CIRCUIT): Breaker {
  if (redis) return new RedisCircuitBreaker(redis, model, options);
  let breaker = breakers.get(model);
  if (!breaker) {
    breaker = new CircuitBreaker(options);
    breakers.set(model, breaker);
  }
  return breaker;
}

/** For tests and for an operator's "reset" after fixing a cloud outage. */
export function resetBreakers(): void {
  breakers.clear();
}

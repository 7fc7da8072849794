import { loadConfig } from '@helpdesk/config';
import { getDb, getSystemDb, type Db, type SystemClient } from '@helpdesk/db';
import { createRedis } from '@helpdesk/jobs';
import { RateLimiters } from '@helpdesk/core/rate-limit';
import type { Redis } from 'ioredis';

// Built lazily so that `next build` never needs the runtime environment.
const holder = globalThis as unknown as { __helpdeskRedis?: Redis; __helpdeskLimiters?: RateLimiters };

export function db(): Db {
  return getDb();
}

export function systemDb(): SystemClient {
  return getSystemDb();
}

export function redis(): Redis {
  holder.__helpdeskRedis ??= createRedis(loadConfig().REDIS_URL);
  return holder.__helpdeskRedis;
}

/** The named rate limiters (RATE_LIMITS overrides the defaults); counters are shared by every process through Redis. */
export function rateLimiters(): RateLimiters {
  holder.__helpdeskLimiters ??= new RateLimiters(redis(), { limits: loadConfig().RATE_LIMITS });
  return holder.__helpdeskLimiters;
}

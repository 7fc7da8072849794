import { loadConfig } from '@helpdesk/config';
import { getDb, getSystemDb, type Db, type SystemClient } from '@helpdesk/db';
import { createRedis } from '@helpdesk/jobs';
import type { Redis } from 'ioredis';

// Built lazily so that `next build` never needs the runtime environment.
const holder = globalThis as unknown as { __helpdeskRedis?: Redis };

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

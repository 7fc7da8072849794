import { Redis } from 'ioredis';

/** BullMQ workers block on Redis; they need maxRetriesPerRequest null or they throw under load. */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { closeQueues, createRedis } from '@helpdesk/jobs';
import { useTestDatabase, type TestDatabase } from '@helpdesk/testkit/hooks';
import { startPrivateRedis, type PrivateRedis } from '@helpdesk/testkit/private-services';
import { startSmtpCapture, type SmtpCapture } from '@helpdesk/testkit/smtp-capture';

export interface OpsWorld extends TestDatabase {
  redis: Redis;
  /** Set with `privateRedisPort`: the redis-server the test may kill and start again. */
  privateRedis: PrivateRedis;
  /** Where the mail the workers send arrives. */
  smtp: SmtpCapture;
}

/**
 * A test database (useTestDatabase), a Redis and an SMTP capture for the file's tests: a redis-server of its own on `privateRedisPort`
 * (for a suite that kills it), else the shared Redis at `redisUrl`, flushed before and after.
 */
export function useOpsWorld(options: { privateRedisPort: number } | { redisUrl: string }): OpsWorld {
  const world = useTestDatabase() as OpsWorld;
  const shared = 'redisUrl' in options;
  beforeAll(async () => {
    if (!shared) world.privateRedis = await startPrivateRedis(options.privateRedisPort);
    world.redis = createRedis(shared ? options.redisUrl : world.privateRedis.url);
    if (shared) await world.redis.flushdb();
    world.smtp = await startSmtpCapture();
  });
  afterAll(async () => {
    await closeQueues();
    if (shared) await world.redis?.flushdb();
    world.redis?.disconnect();
    await world.smtp?.close();
    await world.privateRedis?.stop();
  });
  return world;
}

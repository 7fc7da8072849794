import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { createDb, createSystemClient, type Actor, type Db, type SystemClient } from '@helpdesk/db';
import { closeQueues, createRedis } from '@helpdesk/jobs';
import { createTestDatabase } from '@helpdesk/testkit';
import { startPrivateRedis, type PrivateRedis } from '@helpdesk/testkit/private-services';
import { startSmtpCapture, type SmtpCapture } from '@helpdesk/testkit/smtp-capture';

export interface OpsWorld {
  db: Db;
  systemDb: SystemClient;
  redis: Redis;
  /** Set with `privateRedisPort`: the redis-server the test may kill and start again. */
  privateRedis: PrivateRedis;
  /** Where the mail the workers send arrives. */
  smtp: SmtpCapture;
}

/**
 * A test database, a Redis and an SMTP capture for the file's tests: a redis-server of its own on `privateRedisPort`
 * (for a suite that kills it), else the shared Redis at `redisUrl`, flushed before and after.
 */
export function useOpsWorld(options: { privateRedisPort: number } | { redisUrl: string }): OpsWorld {
  const world = {} as OpsWorld;
  let drop: () => Promise<void> = async () => undefined;
  const shared = 'redisUrl' in options;
  beforeAll(async () => {
    if (!shared) world.privateRedis = await startPrivateRedis(options.privateRedisPort);
    const database = await createTestDatabase();
    drop = database.drop;
    world.db = createDb(database.url, 5);
    world.systemDb = createSystemClient(database.url, 3);
    world.redis = createRedis(shared ? options.redisUrl : world.privateRedis.url);
    if (shared) await world.redis.flushdb();
    world.smtp = await startSmtpCapture();
  });
  afterAll(async () => {
    await closeQueues();
    if (shared) await world.redis?.flushdb();
    world.redis?.disconnect();
    await world.smtp?.close();
    await Promise.all([world.db?.$disconnect(), world.systemDb?.$disconnect()]);
    await drop();
    await world.privateRedis?.stop();
  });
  return world;
}

/** A user with the agent role in the tenant, as the actor of their replies. */
export async function makeAgent(db: Db, tenantId: string, email: string, name: string): Promise<Actor> {
  const user = await db.user.create({ data: { email, name } });
  await db.membership.create({ data: { tenantId, userId: user.id, role: 'AGENT' } });
  return { type: 'USER', id: user.id, tenantId, role: 'AGENT' };
}

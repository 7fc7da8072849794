import { spawn, type ChildProcess } from 'node:child_process';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { REPO_ROOT as ROOT } from '@helpdesk/config/paths';
import type { Db } from '@helpdesk/db';
import { closeQueues, createRedis } from '@helpdesk/jobs';
import { ensureTinyModel } from '@helpdesk/models/tiny-model';
import { makeTenant } from '@helpdesk/testkit';
import { useTestDatabase, type TestDatabase } from '@helpdesk/testkit/hooks';
import { startPrivateRedis, type PrivateRedis } from '@helpdesk/testkit/private-services';

export { ROOT };

let counter = 0;

/** A ticket with customer messages, written directly: the AI jobs only read these rows. */
export async function makeTicket(db: Db, tenantId: string, subject: string, bodies: string[]) {
  const customer = await db.customer.upsert({
    where: { tenantId_email: { tenantId, email: 'customer@example.test' }, tenantId },
    create: { tenantId, email: 'customer@example.test', name: 'Casey' },
    update: {},
  });
  const ticket = await db.ticket.create({
    data: { tenantId, number: ++counter + Math.floor(Math.random() * 1e6), subject, channel: 'EMAIL', customerId: customer.id },
  });
  for (const bodyText of bodies) {
    await db.message.create({ data: { tenantId, ticketId: ticket.id, kind: 'CUSTOMER', customerId: customer.id, bodyText } });
  }
  return ticket;
}

export function startWorker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'workers/ai/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => process.env.AI_TEST_VERBOSE && process.stdout.write(d));
  child.stderr?.on('data', (d: Buffer) => process.env.AI_TEST_VERBOSE && process.stderr.write(d));
  return child;
}

export async function stopWorker(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export interface AiWorkerWorld extends TestDatabase {
  redis: Redis;
  tenantId: string;
  /** The running worker process, replaced by start(). */
  worker: ChildProcess | undefined;
  /** Starts another worker process with the world's database, Redis and model. */
  start(): void;
  /** SIGKILL, as a crash or the OOM killer would, and waits for the process to be gone. */
  kill(): Promise<void>;
}

export interface AiWorkerOptions {
  tenantName: string;
  /** A redis-server of the file's own on this port (the test owns every key, or kills what runs on it), else this shared database, flushed. */
  redis: { privatePort: number } | { url: string };
  sequences: number;
  /** AI_JOB_LOCK_MS: how soon a killed worker's job counts as stalled and runs again. */
  lockMs: number;
  /** Rows the tenant needs before the worker starts. */
  seed?: (world: AiWorkerWorld) => Promise<void>;
}

/** A test database (useTestDatabase) with one tenant, a Redis, and a real AI worker process on the tiny model, for the file's tests. */
export function useAiWorker(options: AiWorkerOptions): AiWorkerWorld {
  let privateRedis: PrivateRedis | undefined;
  let env: Record<string, string> = {};
  const world = Object.assign(useTestDatabase({ pool: 4 }), {
    worker: undefined,
    start: () => void (world.worker = startWorker(env)),
    kill: async () => {
      const worker = world.worker!;
      const exited = new Promise((r) => worker.once('exit', r));
      worker.kill('SIGKILL');
      await exited;
    },
  }) as AiWorkerWorld;
  beforeAll(async () => {
    if ('privatePort' in options.redis) privateRedis = await startPrivateRedis(options.redis.privatePort);
    const redisUrl = privateRedis?.url ?? (options.redis as { url: string }).url;
    const modelPath = await ensureTinyModel();
    world.redis = createRedis(redisUrl);
    if (!privateRedis) await world.redis.flushdb();
    world.tenantId = (await makeTenant(world.db, options.tenantName)).id;
    await options.seed?.(world);
    env = {
      DATABASE_URL: world.url,
      REDIS_URL: redisUrl,
      MODEL_PATH: modelPath,
      LLAMA_THREADS: '1',
      LLAMA_SEQUENCES: String(options.sequences),
      LLAMA_CONTEXT_SIZE: '4096',
      LLAMA_GPU: 'off',
      AI_JOB_LOCK_MS: String(options.lockMs),
      NEXTAUTH_SECRET: 'test-secret-test-secret-test-secret',
    };
    world.start();
  }, 180_000);
  afterAll(async () => {
    await stopWorker(world.worker);
    await closeQueues();
    world.redis?.disconnect();
    await privateRedis?.stop();
  });
  return world;
}

/** The categories the triage tests expect the tiny model to choose from. */
export async function seedCategories(db: Db, tenantId: string): Promise<void> {
  await db.category.createMany({
    data: [
      { tenantId, key: 'billing', name: 'Billing', description: 'charges, refunds, invoices' },
      { tenantId, key: 'login', name: 'Login', description: 'passwords, sign in' },
    ],
  });
}

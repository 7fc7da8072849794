import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import { migrate } from '@helpdesk/db';
import { ADMIN_DATABASE_URL, E2E_DATABASE, MAILBOX_DIR, ROOT, SERVER_ENV } from './helpers/env';

/**
 * Prepares a fresh world for the e2e run: database `hd_e2e` dropped, created, migrated and seeded, Redis db 6
 * emptied, the mailbox cleared and the servers' environment written to e2e/.env.e2e (for running them by hand).
 *
 * Playwright starts `webServer` entries before `globalSetup`, and the servers need the database, so the config
 * runs this file as its first webServer (`--hold`): it prepares, prints a ready line, and stays up until the run
 * ends, holding a lock that makes concurrent e2e runs queue. Run it alone with `npx tsx e2e/global-setup.ts`
 * to reset the e2e world.
 */
export default async function prepareE2eWorld(): Promise<void> {
  const admin = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${E2E_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${E2E_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = SERVER_ENV.DATABASE_URL as string;
  const { applied } = await migrate(url);
  console.log(`e2e: migrated ${E2E_DATABASE} (${applied.length} migrations)`);

  const seed = path.join(ROOT, 'prisma', 'seed.ts');
  if (existsSync(seed)) {
    execFileSync('npx', ['tsx', seed], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...SERVER_ENV, NODE_ENV: 'development' } });
  }

  const redis = new Redis(SERVER_ENV.REDIS_URL as string, { maxRetriesPerRequest: 1 });
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }

  await rm(MAILBOX_DIR, { recursive: true, force: true });
  await mkdir(MAILBOX_DIR, { recursive: true });
  const lines = Object.entries(SERVER_ENV).map(([k, v]) => `${k}=${v}`);
  await writeFile(path.join(ROOT, 'e2e', '.env.e2e'), `${lines.join('\n')}\n`);
}

// Engineers and CI share one machine: a second run waits here, before touching the database or any port,
// until the first run ends and its session (holding the lock) closes.
const RUN_LOCK = 727_100;

async function holdRunLock(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [RUN_LOCK]);
  if (!rows[0]?.locked) {
    console.log('e2e: another e2e run is in progress; waiting for it to finish');
    await client.query('SELECT pg_advisory_lock($1)', [RUN_LOCK]);
  }
  return client;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const hold = process.argv.includes('--hold');
  try {
    if (hold) await holdRunLock();
    await prepareE2eWorld();
    console.log('e2e world ready');
  } catch (error) {
    console.error(`e2e setup failed: ${(error as Error).stack ?? error}`);
    process.exit(1);
  }
  if (hold) {
    const keepAlive = setInterval(() => {}, 60_000);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.on(signal, () => {
        clearInterval(keepAlive);
        process.exit(0);
      });
    }
  }
}

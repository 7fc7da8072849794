import { hostname } from 'node:os';
import { loadConfig } from '@helpdesk/config';
import { createAttachmentStore, createMailTransport, type SweepResult } from '@helpdesk/core';
import { createDb, createSystemClient } from '@helpdesk/db';
import { createRedis, removeHeartbeat, writeHeartbeat } from '@helpdesk/jobs';
import { scheduleMaintenance, startOpsWorkers } from './workers';

const config = loadConfig();
const db = createDb(config.DATABASE_URL, 5);
const systemDb = createSystemClient(config.DATABASE_URL, 3);
const redis = createRedis(config.REDIS_URL);
const transport = createMailTransport(config.SMTP_URL);
const store = createAttachmentStore(config);
const id = `ops-${hostname()}-${process.pid}`;
const startedAt = new Date().toISOString();

const deps = { db, systemDb, redis, transport, store, fromDomain: config.MAIL_FROM_DOMAIN, appUrl: config.NEXTAUTH_URL };
await scheduleMaintenance(deps);
const workers = startOpsWorkers(deps);
for (const worker of workers) worker.on('failed', (job, error) => console.error(`[ops] job ${job?.name} ${job?.id} failed: ${error.message}`));
// A sweep that changed rows says so, and whether it finished or carries on in the next run.
for (const worker of workers) {
  worker.on('completed', (job, result: unknown) => {
    const r = result as Partial<SweepResult> | null;
    if (typeof r?.processed === 'number' && r.processed > 0) {
      console.log(`[ops] ${job.name}: ${r.processed} rows in ${r.batches} batches over ${r.tenants} tenants${r.complete ? '' : ', more in the next run'}`);
    }
  });
}

const beat = () => writeHeartbeat(redis, { id, kind: 'ops', pid: process.pid, host: hostname(), startedAt, seenAt: new Date().toISOString() });
await beat();
const heartbeat = setInterval(() => void beat().catch((e: Error) => console.error(`[ops] heartbeat: ${e.message}`)), 5_000);
console.log(`[ops] ${id} ready: mail, maintenance, budget-alert (SMTP ${new URL(config.SMTP_URL).host})`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`[ops] ${signal}: finishing active jobs`);
  clearInterval(heartbeat);
  await Promise.all(workers.map((w) => w.close()));
  await removeHeartbeat(redis, id).catch(() => undefined);
  transport.close();
  await redis.quit();
  await Promise.all([db.$disconnect(), systemDb.$disconnect()]);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

import { hostname } from 'node:os';
import { loadConfig } from '@helpdesk/config';
import { createAttachmentStore, createMailTransport, type SweepResult } from '@helpdesk/core';
import { createDb, createSystemClient } from '@helpdesk/db';
import { createRedis, removeHeartbeat, writeHeartbeat } from '@helpdesk/jobs';
import { errorFields, logger } from '@helpdesk/logging';
import { createRegistry, instrumentWorkers, serveMetrics } from '@helpdesk/metrics';
import { scheduleMaintenance, startOpsWorkers } from './workers';

const config = loadConfig();
const db = createDb(config.DATABASE_URL, 5);
const systemDb = createSystemClient(config.DATABASE_URL, 3);
const redis = createRedis(config.REDIS_URL);
const transport = createMailTransport(config.SMTP_URL);
const store = createAttachmentStore(config);
const id = `ops-${hostname()}-${process.pid}`;
const startedAt = new Date().toISOString();
const log = logger.child({ component: 'ops-worker', worker: id });

const deps = { db, systemDb, redis, transport, store, fromDomain: config.MAIL_FROM_DOMAIN, appUrl: config.NEXTAUTH_URL };
await scheduleMaintenance(deps);
const workers = startOpsWorkers(deps);
for (const worker of workers)
  worker.on('failed', (job, error) =>
    log.error({ jobId: job?.id, job: job?.name, queue: job?.queueName, ...errorFields(error) }, 'job failed'),
  );
// A sweep that changed rows says so, and whether it finished or carries on in the next run.
for (const worker of workers) {
  worker.on('completed', (job, result: unknown) => {
    const r = result as Partial<SweepResult> | null;
    if (typeof r?.processed === 'number' && r.processed > 0) {
      log.info(
        { job: job.name, processed: r.processed, batches: r.batches, tenants: r.tenants, complete: r.complete },
        r.complete ? 'sweep finished' : 'sweep continues in the next run',
      );
    }
  });
}

const beat = () =>
  writeHeartbeat(redis, { id, kind: 'ops', pid: process.pid, host: hostname(), startedAt, seenAt: new Date().toISOString() });
await beat();
const heartbeat = setInterval(() => void beat().catch((e: Error) => log.error(errorFields(e), 'heartbeat not written')), 5_000);
const metrics = createRegistry('ops-worker');
instrumentWorkers(metrics, workers);
const metricsServer = config.OPS_WORKER_METRICS_PORT
  ? await serveMetrics(metrics, config.OPS_WORKER_METRICS_PORT).catch((error: unknown) => {
      log.warn({ port: config.OPS_WORKER_METRICS_PORT, ...errorFields(error) }, 'metrics port not available: this worker is not scraped');
      return null;
    })
  : null;
log.info({ queues: workers.map((w) => w.name), smtpHost: new URL(config.SMTP_URL).host }, 'ops worker ready');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'finishing active jobs before exit');
  clearInterval(heartbeat);
  await Promise.all(workers.map((w) => w.close()));
  await removeHeartbeat(redis, id).catch(() => undefined);
  metricsServer?.close();
  transport.close();
  await redis.quit();
  await Promise.all([db.$disconnect(), systemDb.$disconnect()]);
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

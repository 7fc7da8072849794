import { loadConfig } from '@helpdesk/config';
import { createAttachmentStore, createMailTransport, type SweepResult } from '@helpdesk/core';
import { createDb, createSystemClient } from '@helpdesk/db';
import { createRedis } from '@helpdesk/jobs';
import { superviseWorkers, workerProcess } from '@helpdesk/jobs/worker-process';
import { createRegistry, instrumentWorkers, serveMetrics } from '@helpdesk/metrics';
import { scheduleMaintenance, startOpsWorkers } from './workers';

const config = loadConfig();
const db = createDb(config.DATABASE_URL, 5);
const systemDb = createSystemClient(config.DATABASE_URL, 3);
const redis = createRedis(config.REDIS_URL);
const transport = createMailTransport(config.SMTP_URL);
const store = createAttachmentStore(config);
const proc = workerProcess('ops');
const { log } = proc;

const deps = { db, systemDb, redis, transport, store, fromDomain: config.MAIL_FROM_DOMAIN, appUrl: config.NEXTAUTH_URL };
await scheduleMaintenance(deps);
const workers = startOpsWorkers(deps);
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

const metrics = createRegistry('ops-worker');
instrumentWorkers(metrics, workers);
await superviseWorkers(proc, {
  redis,
  workers,
  metrics: { port: config.OPS_WORKER_METRICS_PORT, serve: (port) => serveMetrics(metrics, port, config.BIND_ADDRESS) },
  close: async () => {
    transport.close();
    await Promise.all([db.$disconnect(), systemDb.$disconnect()]);
  },
});
log.info({ queues: workers.map((w) => w.name), smtpHost: new URL(config.SMTP_URL).host }, 'ops worker ready');

import { hostname } from 'node:os';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { errorFields, logger, type Logger } from '@helpdesk/logging';
import { removeHeartbeat, writeHeartbeat, type WorkerHeartbeat } from './heartbeat';

export interface WorkerProcess {
  kind: 'ai' | 'ops';
  /** Carries the pid, so that readHeartbeats can forget a process that is gone for good. */
  id: string;
  startedAt: string;
  log: Logger;
}

/** Who a worker process is in heartbeats and log lines; made first, as the process logs before its queues run. */
export function workerProcess(kind: WorkerProcess['kind']): WorkerProcess {
  const id = `${kind}-${hostname()}-${process.pid}`;
  return { kind, id, startedAt: new Date().toISOString(), log: logger.child({ component: `${kind}-worker`, worker: id }) };
}

export interface SuperviseOptions {
  redis: Redis;
  workers: Worker[];
  /** What the heartbeat says about the process's model (the AI worker's), read at every beat. */
  model?: () => WorkerHeartbeat['model'];
  /** The Prometheus endpoint: a port (none when unset) and what serves the process's registry there. */
  metrics: { port: number | undefined; serve: (port: number) => Promise<{ close(): unknown }> };
  /** Closes what the process opened besides its workers and this Redis connection, before it exits. */
  close: () => Promise<void>;
}

/**
 * What every worker process does around its queues: logs failed jobs, serves its metrics, writes a heartbeat every
 * 5 s (/api/health lists it), and on SIGTERM or SIGINT lets the active jobs finish before it closes and exits.
 */
export async function superviseWorkers(proc: WorkerProcess, options: SuperviseOptions): Promise<void> {
  const { redis, workers, model, metrics, close } = options;
  const { id, kind, startedAt, log } = proc;
  for (const worker of workers)
    worker.on('failed', (job, error) =>
      log.error({ jobId: job?.id, job: job?.name, queue: job?.queueName, ...errorFields(error) }, 'job failed'),
    );
  // A second worker of the kind on the same host finds the port taken: it runs on, unscraped, and says so.
  const metricsServer = metrics.port
    ? await metrics.serve(metrics.port).catch((error: unknown) => {
        log.warn({ port: metrics.port, ...errorFields(error) }, 'metrics port not available: this worker is not scraped');
        return null;
      })
    : null;
  const beat = () =>
    writeHeartbeat(redis, { id, kind, pid: process.pid, host: hostname(), startedAt, seenAt: new Date().toISOString(), model: model?.() });
  await beat();
  const heartbeat = setInterval(() => void beat().catch((e: Error) => log.error(errorFields(e), 'heartbeat not written')), 5_000);

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'finishing active jobs before exit');
    clearInterval(heartbeat);
    await Promise.all(workers.map((w) => w.close()));
    await removeHeartbeat(redis, id).catch(() => undefined);
    metricsServer?.close();
    await close();
    await redis.quit();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

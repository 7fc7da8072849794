import { createServer, type Server } from 'node:http';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { getQueue, queueNames } from '@helpdesk/jobs';

/**
 * Prometheus series of the helpdesk. Each process (web app, AI worker, ops worker) has its own registry, labelled with
 * the process kind; what every process can see in Redis and Postgres (queue depth, circuits, budgets) is reported by
 * the web app's /metrics only, so a dashboard does not add it up once per process.
 */
export function createRegistry(process: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ process });
  collectDefaultMetrics({ register: registry, prefix: 'helpdesk_process_' });
  return registry;
}

// Seconds, from a cache hit (ms) to a long draft on a CPU (minutes).
const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

/** Job wait (enqueued → started) and duration (started → finished) by queue, job kind and outcome. */
export function instrumentWorkers(registry: Registry, workers: Worker[]): void {
  const wait = new Histogram({
    name: 'helpdesk_job_wait_seconds',
    help: 'Time a job waited in its queue before a worker started it.',
    labelNames: ['queue', 'job'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'helpdesk_job_duration_seconds',
    help: 'Time a worker spent on a job, by outcome (completed or failed).',
    labelNames: ['queue', 'job', 'outcome'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  for (const worker of workers) {
    worker.on('active', (job) => {
      if (job.processedOn) wait.observe({ queue: job.queueName, job: job.name }, Math.max(0, job.processedOn - job.timestamp) / 1000);
    });
    const finished =
      (outcome: 'completed' | 'failed') =>
      (job: { queueName: string; name: string; processedOn?: number; finishedOn?: number } | undefined) => {
        if (!job?.processedOn) return;
        duration.observe(
          { queue: job.queueName, job: job.name, outcome },
          Math.max(0, (job.finishedOn ?? Date.now()) - job.processedOn) / 1000,
        );
      };
    worker.on('completed', finished('completed'));
    worker.on('failed', finished('failed'));
  }
}

const QUEUE_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed', 'completed'] as const;

/** Depth of every queue by state, and the age of its oldest waiting job, read from Redis at scrape time. */
export function queueCollector(registry: Registry, redis: () => Redis): void {
  new Gauge({
    name: 'helpdesk_queue_jobs',
    help: 'Jobs in each queue by state.',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const name of queueNames) {
        const counts = await getQueue(name, redis()).getJobCounts(...QUEUE_STATES);
        for (const state of QUEUE_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
      }
    },
  });
  new Gauge({
    name: 'helpdesk_queue_oldest_wait_seconds',
    help: 'How long the oldest job still waiting in each queue has waited (0 when none waits).',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.reset();
      const now = Date.now();
      for (const name of queueNames) {
        const queue = getQueue(name, redis());
        // BullMQ takes from the head of the wait list; prioritized jobs wait in their own set.
        const [oldest] = [...(await queue.getJobs(['waiting'], 0, 0, true)), ...(await queue.getJobs(['prioritized'], 0, 0, true))]
          .filter((j) => j !== undefined)
          .sort((a, b) => a.timestamp - b.timestamp);
        this.set({ queue: name }, oldest ? Math.max(0, now - oldest.timestamp) / 1000 : 0);
      }
    },
  });
}

/** What the in-process model runtime reports; the AI worker passes its ModelRuntime's numbers. */
export interface RuntimeStats {
  promptTokens: number;
  outputTokens: number;
  computeSeconds: number;
  busySequences: number;
  sequences: number;
}

/**
 * Tokens through the local model (counters: tokens per second is their rate) and its busy sequences. Counters are
 * read from the runtime's own running totals at scrape time, so the runtime does not depend on prom-client.
 */
export function runtimeCollector(registry: Registry, stats: () => RuntimeStats | null): void {
  new Counter({
    name: 'helpdesk_llm_tokens_total',
    help: 'Tokens run through the local model: prompt tokens evaluated (prefill) and tokens generated (decode). rate() is tokens per second.',
    labelNames: ['phase'],
    registers: [registry],
    collect() {
      const s = stats();
      if (!s) return;
      this.reset();
      this.inc({ phase: 'prompt' }, s.promptTokens);
      this.inc({ phase: 'output' }, s.outputTokens);
    },
  });
  new Counter({
    name: 'helpdesk_llm_compute_seconds_total',
    help: 'Time sequences spent computing (waits for a free sequence excluded); tokens_total / compute_seconds_total is tokens per second per sequence.',
    registers: [registry],
    collect() {
      const s = stats();
      if (!s) return;
      this.reset();
      this.inc(s.computeSeconds);
    },
  });
  new Gauge({
    name: 'helpdesk_llm_sequences',
    help: 'Context sequences of the local model: busy now, and in total.',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const s = stats();
      if (!s) return;
      this.set({ state: 'busy' }, s.busySequences);
      this.set({ state: 'total' }, s.sequences);
    },
  });
}

/** Failed cloud attempts in this process by kind (timeout, connection, http_429, circuit_open, …). */
export function cloudErrorCollector(registry: Registry, failures: () => ReadonlyMap<string, number>): void {
  new Counter({
    name: 'helpdesk_cloud_errors_total',
    help: 'Cloud model calls that failed, by kind; a circuit_open is a call not attempted because the circuit was open.',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [kind, n] of failures()) this.inc({ kind }, n);
    },
  });
}

/**
 * A worker's /metrics on its own port: Prometheus pulls each process, so a worker's histograms need no shared store
 * and a dead worker shows as a failed scrape. Answers /metrics only.
 */
export async function serveMetrics(registry: Registry, port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'content-type': registry.contentType }).end(body),
      (error: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${error.message}`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

export { Gauge, type Registry } from 'prom-client';

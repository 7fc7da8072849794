/**
 * npm run bench:ai — the local AI engine's numbers, side by side, in one run:
 *   1. prompt tokens evaluated per triage with the tenant prefix reused vs re-evaluated (goal ≥ 5× fewer)
 *   2. triage throughput with N parallel sequences vs 1 (goal ≥ 1.5×)
 *   3. p50/p95 triage job latency through BullMQ, and enqueue→start overhead with 10,000 jobs waiting (goal p95 < 50 ms)
 * MODEL_PATH picks the model (default: the tiny demo model); BENCH_REDIS_URL the Redis database (default db 3).
 */
import { Queue, Worker, type Job } from 'bullmq';
import { generateTriage } from '@helpdesk/ai';
import { ensureTinyModel } from '@helpdesk/models/tiny-model';
import { ModelRuntime } from '@helpdesk/llm';
import { createRedis } from '@helpdesk/jobs';

process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD ??= 'true';
const THREADS = Number(process.env.LLAMA_THREADS ?? 1);
const SEQUENCES = Math.max(2, Number(process.env.LLAMA_SEQUENCES ?? 4));
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/3';
const BACKLOG = 10_000;

const taxonomy = {
  categories: ['billing', 'login', 'shipping', 'returns', 'account', 'bug', 'feature', 'privacy'].map((key) => ({
    key,
    name: key[0]!.toUpperCase() + key.slice(1),
    description: `Questions about ${key}: anything a customer asks regarding their ${key}, with examples and edge cases the team agreed on.`,
  })),
};
const keys = taxonomy.categories.map((c) => c.key);
const tickets = Array.from({ length: 40 }, (_, i) => ({
  subject: ['Refund please', 'Cannot log in', 'Parcel late', 'Charged twice', 'App crashes'][i % 5]!,
  text: `Hello, this is ticket ${i}. ${'My order has a problem. '.repeat(1 + (i % 4))}Please help.`,
}));

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const row = (label: string, a: string, b: string, verdict: string) => console.log(`${label.padEnd(44)} ${a.padStart(16)} ${b.padStart(16)}   ${verdict}`);

const modelPath = process.env.MODEL_PATH ?? (await ensureTinyModel());
const load = (sequences: number) => ModelRuntime.load({ modelPath, threads: THREADS, sequences, contextSize: 1024 * sequences, gpu: false });

const many = await load(SEQUENCES);
console.log(`Model: ${many.modelId}${many.demo ? ' (demo model, random weights)' : ''} · ${THREADS} thread(s) · ${SEQUENCES} sequences · ${new Date().toISOString()}\n`);
row('', 'with', 'without', '');

// 1. Prefix reuse
const reuse = { warm: 0, cold: 0 };
for (const t of tickets.slice(0, 20)) {
  reuse.warm += (await generateTriage(many, { tenantId: 'bench', taxonomy, allowedKeys: keys, ...t })).promptTokensEvaluated;
  reuse.cold += (await generateTriage(many, { tenantId: 'bench', taxonomy, allowedKeys: keys, ...t, reusePrefix: false })).promptTokensEvaluated;
}
const ratio = reuse.cold / reuse.warm;
row('prompt tokens evaluated / triage (prefix)', (reuse.warm / 20).toFixed(0), (reuse.cold / 20).toFixed(0), `${ratio.toFixed(1)}× fewer ${ratio >= 5 ? 'PASS' : 'FAIL'} (goal ≥ 5×)`);

// 2. Parallel sequences
async function throughput(runtime: ModelRuntime, parallel: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < tickets.length) {
        const t = tickets[next++]!;
        await generateTriage(runtime, { tenantId: 'bench', taxonomy, allowedKeys: keys, ...t });
      }
    }),
  );
  return tickets.length / ((performance.now() - started) / 1000);
}
const parallelRate = await throughput(many, SEQUENCES);
const single = await load(1);
const singleRate = await throughput(single, 1);
await single.dispose();
const speedup = parallelRate / singleRate;
row(`triage throughput (${SEQUENCES} sequences vs 1)`, `${parallelRate.toFixed(2)}/s`, `${singleRate.toFixed(2)}/s`, `${speedup.toFixed(2)}× ${speedup >= 1.5 ? 'PASS' : 'FAIL'} (goal ≥ 1.5×)`);

// 3. Queue: real triage jobs, then enqueue→start overhead behind a 10,000-job backlog
const redis = createRedis(REDIS_URL);
const queue = new Queue('bench-ai', { connection: redis });
await queue.obliterate({ force: true });
const latencies: number[] = [];
const overheads: number[] = [];
const worker = new Worker(
  'bench-ai',
  async (job: Job) => {
    if (job.name === 'backlog') return;
    if (job.name === 'probe') {
      overheads.push((job.processedOn ?? Date.now()) - job.timestamp);
      return;
    }
    const t = tickets[job.data.i as number]!;
    await generateTriage(many, { tenantId: 'bench', taxonomy, allowedKeys: keys, ...t });
    latencies.push(Date.now() - job.timestamp);
  },
  { connection: createRedis(REDIS_URL), concurrency: SEQUENCES, autorun: true },
);
await queue.addBulk(tickets.map((_, i) => ({ name: 'triage', data: { i } })));
while (latencies.length < tickets.length) await new Promise((r) => setTimeout(r, 50));
await worker.pause();
for (let i = 0; i < BACKLOG; i += 1000) {
  await queue.addBulk(Array.from({ length: 1000 }, (_, j) => ({ name: 'backlog', data: { n: i + j }, opts: { priority: 100 } })));
}
const waiting = await queue.getWaitingCount().then(async (w) => w + (await queue.getPrioritizedCount()));
worker.resume();
for (let i = 0; i < 200; i++) {
  await queue.add('probe', { i }, { priority: 1 });
  await new Promise((r) => setTimeout(r, 10));
}
while (overheads.length < 200) await new Promise((r) => setTimeout(r, 20));
row('triage job latency p50 / p95 (enqueue→done)', `${pct(latencies, 50)} ms`, `${pct(latencies, 95)} ms`, `${tickets.length} jobs, concurrency ${SEQUENCES}`);
const p95 = pct(overheads, 95);
row(`enqueue→start p50 / p95 (${waiting} waiting)`, `${pct(overheads, 50)} ms`, `${p95} ms`, `${p95 < 50 ? 'PASS' : 'FAIL'} (goal p95 < 50 ms)`);

console.log(
  `RESULT ${JSON.stringify({
    model: many.modelId,
    demo_model: many.demo,
    prefix_tokens_ratio: +ratio.toFixed(2),
    sequences: SEQUENCES,
    parallel_speedup: +speedup.toFixed(2),
    triage_p95_ms: pct(latencies, 95),
    enqueue_start_p95_ms: p95,
  })}`,
);

await worker.close();
await queue.obliterate({ force: true });
await queue.close();
redis.disconnect();
await many.dispose();
process.exit(0);

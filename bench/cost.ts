/**
 * npm run bench:cost -- --tickets N [--dataset banking77|clinc150] [--entry auto|http|domain] [--keep]
 *
 * The AI bill of a real workload, end to end. A fresh tenant (own database hd_bench_*, own Redis database) gets
 * a taxonomy and labelled history from the training part of the public data, a knowledge base, and a trained
 * classifier. N tickets the classifier never trained on come in through the REST API v1 with an API key: over HTTP
 * (`next start` of the built web app, when apps/web/.next exists or --entry http), else (--entry domain, or no
 * build) by calling what the route handler calls (key auth, scope check, input schema, createTicket). The real workers
 * (workers/ai and workers/ops as child processes, the demo model unless MODEL_PATH is set, the local Messages
 * API server unless ANTHROPIC_API_KEY is set) do the rest. Once every ticket has its draft, every money figure is
 * read from the ledger through @helpdesk/billing; quality figures compare triage results with the data's labels.
 * Writes bench/results/cost.json and bench/results/cost.svg; the last line is `RESULT {json}`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { choiceOption, exitWithUsage, integerOption } from '@helpdesk/config/cli/args';
import { ensureTinyModel, TINY_MODEL_PATH } from '@helpdesk/models/tiny-model';
import { trainTenantClassifier } from '@helpdesk/classifier';
import { authenticateApiKey, requireScope } from '@helpdesk/core/api-keys';
import { apiCreateTicketInput, createTicket } from '@helpdesk/core/tickets';
import { createDb, createSystemClient } from '@helpdesk/db';
import { closeQueues, createRedis, getQueue, jobs } from '@helpdesk/jobs';
import { createTestDatabase } from '@helpdesk/testkit';
import { startFakeAnthropic, type FakeAnthropic } from '@helpdesk/testkit/fake-anthropic';
import { waitFor } from '@helpdesk/testkit/wait';
import { seedPrices } from '../prisma/seed-prices';
import { Children, startWebApp } from './children';
import { loadDataset, sample, type DatasetName } from './cost-data';
import { costFigures } from './cost-figures';
import { reportCost } from './cost-report';
import { seedCostTenant, subjectOf } from './cost-world';
import { elapsedLog } from './figures';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '200' },
    dataset: { type: 'string', default: 'banking77' },
    keep: { type: 'boolean', default: false },
    entry: { type: 'string', default: 'auto' },
    'timeout-s': { type: 'string', default: '900' },
  },
});
const N = integerOption('tickets', values.tickets, 1, 100_000);
const DATASET = choiceOption<DatasetName>('dataset', values.dataset, ['banking77', 'clinc150']);
choiceOption('entry', values.entry, ['auto', 'http', 'domain']);
const NEXT_BUILT = existsSync(path.join(ROOT, 'apps/web', process.env.NEXT_DIST_DIR ?? '.next', 'BUILD_ID'));
if (values.entry === 'http' && !NEXT_BUILT)
  exitWithUsage('--entry http: the web app is not built; run `npm run build -w @helpdesk/web` first');
const HTTP = values.entry === 'http' || (values.entry === 'auto' && NEXT_BUILT);
const TIMEOUT_MS = Number(values['timeout-s']) * 1000;
// Redis database 14 is used by nothing else in the repo (tests use 1-12, e2e 6): the queues here are ours alone.
const REDIS_URL = process.env.BENCH_COST_REDIS_URL ?? 'redis://127.0.0.1:6379/14';
const SEED = 20261202;
const started = Date.now();
const log = elapsedLog(started);

const children = new Children();
let fake: FakeAnthropic | null = null;
const database = await createTestDatabase('hd_bench');
const db = createDb(database.url, 8);
const systemDb = createSystemClient(database.url, 2);
const redis = createRedis(REDIS_URL);

async function cleanup(): Promise<void> {
  await children.stopAll();
  await fake?.close();
  await closeQueues();
  redis.disconnect();
  await db.$disconnect();
  await systemDb.$disconnect();
  if (!values.keep) await database.drop();
}

/** Polls every 250 ms; the bench fails when something takes longer than --timeout-s. */
const until = (what: string, probe: () => Promise<boolean>) => waitFor(what, probe, TIMEOUT_MS, 250);

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cleanup().finally(() => process.exit(130)));

try {
  // ---------------------------------------------------------------- the tenant
  await redis.flushdb();
  if (values.keep) log(`--keep: database ${database.name} stays after the run (${database.url})`);
  const data = loadDataset(DATASET, ROOT);
  log(
    `${DATASET}: ${data.history.length} labelled history rows, ${data.unseen.length} unseen rows, ${data.categories.length} categories (${data.provenance})`,
  );
  await seedPrices(db);
  const { tenant, key, history } = await seedCostTenant(db, data, `Bench ${DATASET}`, started);
  const tenantId = tenant.id;
  log(`history: ${history} labelled tickets`);

  // ---------------------------------------------------------------- cloud and workers
  const live = Boolean(process.env.ANTHROPIC_API_KEY);
  if (!live) fake = await startFakeAnthropic({ deltaDelayMs: 2 });
  const modelPath = process.env.MODEL_PATH ?? (await ensureTinyModel());
  const demo = path.resolve(ROOT, modelPath) === TINY_MODEL_PATH;
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    REDIS_URL,
    MODEL_PATH: modelPath,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? 'bench-cost-secret-not-for-production',
    NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true',
    // The demo model is 64 wide: a second llama.cpp thread only adds a barrier per token, which stalls badly on
    // a shared 2-core machine. A real model keeps the configured default unless LLAMA_THREADS says otherwise.
    ...(process.env.LLAMA_THREADS ? { LLAMA_THREADS: process.env.LLAMA_THREADS } : demo ? { LLAMA_THREADS: '1' } : {}),
    ...(fake ? { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: '' } : {}),
  };
  children.start('ops', ['--import', 'tsx', 'workers/ops/src/main.ts'], env);
  children.start('ai', ['--import', 'tsx', 'workers/ai/src/main.ts'], env);
  // The API key's rate limit is lifted for the run: the benchmark measures cost, not the limiter.
  const web = HTTP ? await startWebApp(children, 'web', { ...env, RATE_LIMITS: 'apiKey=1000000/60' }) : null;
  const apiBase = web?.base ?? null;
  log(
    `workers started (model ${path.relative(ROOT, modelPath)}, cloud ${live ? 'Anthropic (ANTHROPIC_API_KEY)' : `local Messages API server ${fake!.url} (simulated)`})`,
  );
  // Training needs no model: it runs here while the AI worker loads and embeds the knowledge base.
  const training = await trainTenantClassifier(db, tenantId);
  if (training.status !== 'trained') throw new Error(`classifier training: ${training.message}`);
  log(`classifier: ${training.message}`);

  if (web) {
    await until('the web app to answer', web.answers);
    log(`web app: next start at ${web.base}`);
  }
  await until(
    'the knowledge base to be embedded',
    async () =>
      (await db.knowledgeChunk.count({ where: { tenantId } })) > 0 &&
      (await db.knowledgeChunk.count({ where: { tenantId, embedding: null } })) === 0,
  );
  log(`knowledge base: ${data.articles.length} articles embedded`);

  // ---------------------------------------------------------------- the tickets
  const picked = sample(data.unseen, N, SEED);
  const labelOf = new Map<string, string>();
  const sendFrom = new Date();
  const setupS = (sendFrom.getTime() - started) / 1000;
  let sent = 0;
  const send = async (i: number) => {
    const e = picked[i]!;
    const body = { subject: subjectOf(e.text), bodyText: e.text, customer: { email: `customer${i}@example.test`, name: `Customer ${i}` } };
    let ticketId: string;
    if (apiBase) {
      const res = await fetch(`${apiBase}/api/v1/tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `bench-cost-${i}` },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as { id?: string };
      if (res.status !== 201 || !json.id) throw new Error(`POST /api/v1/tickets answered ${res.status}: ${JSON.stringify(json)}`);
      ticketId = json.id;
    } else {
      // What POST /api/v1/tickets does with the request: authenticate the key, check its scope, parse, create.
      const auth = await authenticateApiKey(systemDb, `Bearer ${key}`);
      requireScope(auth, 'tickets:write');
      ticketId = (await createTicket(db, auth.actor, apiCreateTicketInput.parse(body))).id;
    }
    labelOf.set(ticketId, e.label);
    sent++;
  };
  const lanes = 4;
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let i = lane; i < N; i += lanes) await send(i);
    }),
  );
  const sendS = (Date.now() - sendFrom.getTime()) / 1000;
  log(
    `sent ${sent} tickets through the REST API v1 ${apiBase ? `over HTTP (${apiBase})` : 'entry, in process (no web build: --entry domain)'}`,
  );

  const ticketIds = [...labelOf.keys()];
  let last = '';
  await until('every ticket to have its draft', async () => {
    const [drafts, triaged] = await Promise.all([
      db.aiDraft.count({ where: { tenantId, ticketId: { in: ticketIds }, status: 'READY' } }),
      db.triageResult.count({ where: { tenantId, ticketId: { in: ticketIds } } }),
    ]);
    const line = `triaged ${triaged}/${N}, drafted ${drafts}/${N}`;
    if (line !== last) log(line);
    last = line;
    return drafts === N;
  });
  // Summaries and retried jobs may still be running: their calls belong to these tickets' bill too.
  const aiQueues = (['triage', 'retrieval', 'draft', 'summary'] as const).map((name) => getQueue(jobs[name].queue, redis));
  await until('the AI queues to drain', async () =>
    (await Promise.all(aiQueues.map((q) => q.getJobCounts('waiting', 'active', 'delayed', 'prioritized')))).every((c) =>
      Object.values(c).every((n) => n === 0),
    ),
  );
  await children.stopAll();
  const sendTo = new Date();
  log('all drafts ready and the AI queues drained; workers stopped');

  // ---------------------------------------------------------------- figures and report
  const figures = await costFigures(db, tenantId, labelOf, { from: sendFrom, to: new Date(sendTo.getTime() + 1) });
  reportCost(figures, {
    root: ROOT,
    dataset: DATASET,
    provenance: data.provenance,
    modelPath,
    demo,
    live,
    http: apiBase !== null,
    started,
    sendFrom,
    sendTo,
    setupS,
    sendS,
  });
} finally {
  await cleanup();
}

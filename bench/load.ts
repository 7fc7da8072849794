/**
 * npm run bench:load -- [--mails 10000] [--api-seconds 20] [--connections 10] [--mail-concurrency 16]
 *                       [--profile-seconds 10] [--timeout-s 1800] [--keep]
 *
 * Load on loopback, with autocannon, against `next start` of the built web app (apps/web/.next, or NEXT_DIST_DIR):
 *  1. GET /api/v1/tickets (API key) and GET /api/health with --connections for --api-seconds each; then the same
 *     route's steps timed in this process with the same concurrency (key auth, rate limiter, list query, JSON), and a
 *     CPU profile of a second, profiled server under the same list load, summarised by where the time went.
 *  2. POST /api/v1/tickets with a unique Idempotency-Key per request for --api-seconds; rows are counted afterwards.
 *  3. A burst of --mails signed inbound emails (unique Message-IDs) through /api/inbound/email/{alias}, then the
 *     whole pipeline (ticket → triage → retrieval → draft) by the real ops and AI workers with the demo model and the
 *     local Messages API server, until every ticket has a triage result and a ready draft or --timeout-s passes.
 *     Proves every mail stored exactly once, then resends 100 and proves they are de-duplicated.
 * Everything runs in a database of its own (hd_bench_load_*) and Redis database 15; all traffic goes to 127.0.0.1,
 * every phase is bounded in requests or time, and every child process is stopped at the end.
 * The last line is `RESULT {json}`.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exitWithUsage, integerOption } from '@helpdesk/config/cli/args';
import { ensureTinyModel, TINY_MODEL_PATH } from '@helpdesk/models/tiny-model';
import { createDb, createSystemClient } from '@helpdesk/db';
import { closeQueues, createRedis } from '@helpdesk/jobs';
import { createTestDatabase } from '@helpdesk/testkit';
import { freePort } from '@helpdesk/testkit/free-port';
import { seedPrices } from '../prisma/seed-prices';
import { demoArticles } from '../prisma/seed/articles';
import { DEMO_CATEGORIES, humanize } from '../prisma/seed/demo-tenant';
import { benchTenant } from './bench-tenant';
import { Children, startWebApp } from './children';
import { elapsedLog, percentile } from './figures';
import { createScenario } from './load-create';
import { listScenario } from './load-list';
import { mailScenario } from './load-mail';
import { printLoadReport } from './load-report';
import { until, type LoadRun } from './load-run';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    mails: { type: 'string', default: '10000' },
    'api-seconds': { type: 'string', default: '20' },
    connections: { type: 'string', default: '10' },
    'mail-concurrency': { type: 'string', default: '16' },
    'profile-seconds': { type: 'string', default: '10' },
    'list-tickets': { type: 'string', default: '2000' },
    'timeout-s': { type: 'string', default: '1800' },
    keep: { type: 'boolean', default: false },
  },
});

const MAILS = integerOption('mails', values.mails, 100, 50_000);
const API_SECONDS = integerOption('api-seconds', values['api-seconds'], 1, 600);
const CONNECTIONS = integerOption('connections', values.connections, 1, 200);
const MAIL_CONCURRENCY = integerOption('mail-concurrency', values['mail-concurrency'], 1, 200);
const PROFILE_SECONDS = integerOption('profile-seconds', values['profile-seconds'], 0, 120);
const LIST_TICKETS = integerOption('list-tickets', values['list-tickets'], 30, 1_000_000);
const TIMEOUT_MS = integerOption('timeout-s', values['timeout-s'], 10, 24 * 3600) * 1000;

const DIST_DIR = process.env.NEXT_DIST_DIR ?? '.next';
if (!existsSync(path.join(ROOT, 'apps/web', DIST_DIR, 'BUILD_ID')))
  exitWithUsage(`the web app is not built (apps/web/${DIST_DIR}/BUILD_ID missing); run \`npm run build -w @helpdesk/web\` first`);
// Redis database 15 is used by nothing else in the repo (tests 1-12, e2e 6, bench:cost 14): these queues are ours.
const REDIS_URL = process.env.BENCH_LOAD_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
// Limits raised for the bench: it measures the route, not the limiter (which still counts every request in Redis).
const RATE_LIMITS = 'apiKey=100000000/60,inboundAlias=100000000/60';
const RUN = randomBytes(3).toString('hex');
const started = Date.now();
const log = elapsedLog(started);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
const round = (x: number, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);

// ------------------------------------------------------------------ the world
const database = await createTestDatabase('hd_bench_load');
const db = createDb(database.url, 10);
const systemDb = createSystemClient(database.url, 5);
const redis = createRedis(REDIS_URL);
const storageDir = mkdtempSync(path.join(tmpdir(), 'hd-bench-load-'));
const children = new Children();
let cleaned = false;

async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  await children.stopAll();
  await closeQueues();
  redis.disconnect();
  await db.$disconnect();
  await systemDb.$disconnect();
  rmSync(storageDir, { recursive: true, force: true });
  if (values.keep) log(`--keep: database ${database.name} stays (${database.url})`);
  else await database.drop();
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cleanup().finally(() => process.exit(130)));

try {
  await redis.flushdb();
  log(`database ${database.name}, Redis ${REDIS_URL}, run ${RUN}; load average ${load()} on ${cpus().length} cores`);
  await seedPrices(db);
  const { tenant, key } = await benchTenant(db, {
    name: 'Bench load',
    label: 'load',
    categories: DEMO_CATEGORIES.map((k) => ({ key: k, name: humanize(k) })),
    articles: demoArticles.slice(0, 5),
  });
  const tenantId = tenant.id;
  // Tickets for the list to page through; written directly, so they make no outbox events and never reach the AI queues.
  const customer = await db.customer.create({ data: { tenantId, email: 'list@example.test', name: 'List customer' } });
  for (let i = 0; i < LIST_TICKETS; i += 5000) {
    const n = Math.min(5000, LIST_TICKETS - i);
    await db.ticket.createMany({
      data: Array.from({ length: n }, (_, j) => ({
        tenantId,
        number: i + j + 1,
        subject: `Listed ticket ${i + j + 1}`,
        channel: 'API' as const,
        status: 'OPEN' as const,
        customerId: customer.id,
        createdAt: new Date(started - (LIST_TICKETS - i - j) * 60_000),
      })),
    });
  }
  await db.tenant.update({ where: { id: tenantId }, data: { nextTicketNumber: LIST_TICKETS + 1 } });
  log(
    `tenant ${tenant.slug}: ${DEMO_CATEGORIES.length} categories, 5 articles, ${LIST_TICKETS} tickets to list, an API key, inbound alias ${tenant.inboundAlias}`,
  );

  // ---------------------------------------------------------------- servers
  const modelPath = process.env.MODEL_PATH ?? (await ensureTinyModel());
  const demo = path.resolve(ROOT, modelPath) === TINY_MODEL_PATH;
  const cloudPort = await freePort();
  children.start(
    'cloud',
    ['--import', 'tsx', 'packages/testkit/src/fake-anthropic-cli.ts', '--port', String(cloudPort), '--delta-delay', '2'],
    {},
  );
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    REDIS_URL,
    NEXTAUTH_SECRET: 'bench-load-secret-not-for-production',
    ANTHROPIC_BASE_URL: `http://127.0.0.1:${cloudPort}`,
    ANTHROPIC_API_KEY: 'test-key',
    // Nothing in these scenarios sends mail; a closed port makes any attempt fail loudly rather than reach a real server.
    SMTP_URL: 'smtp://127.0.0.1:1',
    MODEL_PATH: modelPath,
    LLAMA_THREADS: process.env.LLAMA_THREADS ?? (demo ? '1' : '2'),
    LLAMA_GPU: 'off',
    NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true',
    NEXT_TELEMETRY_DISABLED: '1',
    STORAGE_DIR: storageDir,
    RATE_LIMITS,
  };
  const web = await startWebApp(children, 'web', env);
  if (!(await until(log, 'web to answer', web.answers, 120_000))) throw new Error('web did not start');
  log(`web: next start at ${web.base} (apps/web/${DIST_DIR}); cloud: local Messages API server (simulated) on ${cloudPort}`);
  const run: LoadRun = {
    db,
    systemDb,
    redis,
    databaseUrl: database.url,
    tenant,
    auth: { authorization: `Bearer ${key}` },
    web,
    children,
    env,
    run: RUN,
    connections: CONNECTIONS,
    apiSeconds: API_SECONDS,
    log,
    load,
  };

  // ---------------------------------------------------------------- the three scenarios
  const list = await listScenario(run, { profileSeconds: PROFILE_SECONDS, root: ROOT, distDir: DIST_DIR });
  const create = await createScenario(run);
  const model = `${path.relative(ROOT, modelPath)}${demo ? ', DEMO: random weights' : ''}`;
  const mail = await mailScenario(run, { mails: MAILS, concurrency: MAIL_CONCURRENCY, timeoutMs: TIMEOUT_MS, model });

  // ---------------------------------------------------------------- report
  const { final } = mail;
  const result = {
    list_rps: round(list.list.rps),
    list_p50_ms: round(list.list.p50),
    list_p99_ms: round(list.list.p99),
    health_rps: round(list.health.rps),
    create_rps: round(create.create.rps),
    create_p95_ms: round(create.create.p95),
    mails: MAILS,
    mails_stored: final.distinct,
    mails_duplicated: final.messages - final.distinct,
    mails_lost: MAILS - final.distinct,
    webhook_rps: round(mail.burst.rps),
    webhook_p95_ms: round(mail.burst.p95),
    pipeline_per_s: round(mail.drafts / mail.pipelineS, 2),
    p95_mail_to_draft_s: round(percentile(mail.mailToDraftS, 95)),
    load_average: round(loadavg()[0]!),
  };
  printLoadReport(
    { list, create, mail },
    {
      mails: MAILS,
      apiSeconds: API_SECONDS,
      connections: CONNECTIONS,
      listTickets: LIST_TICKETS,
      rateLimits: RATE_LIMITS,
      model: `${path.basename(modelPath)}${demo ? ' (DEMO: random weights)' : ''}`,
      timeoutMs: TIMEOUT_MS,
    },
    load(),
  );
  const exact =
    final.distinct === MAILS && final.messages === MAILS && mail.afterResend.messages === mail.afterBurst.messages && create.exact;
  if (!exact || !mail.pipelineDone) process.exitCode = 1;
  console.log(`RESULT ${JSON.stringify(result)}`);
} finally {
  await cleanup();
}

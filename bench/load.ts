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
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createArticle } from '@helpdesk/knowledge';
import { ensureTinyModel, TINY_MODEL_PATH } from '@helpdesk/models/tiny-model';
import { authenticateApiKey, createApiKey } from '@helpdesk/core/api-keys';
import { listTicketResources } from '@helpdesk/core/api-resources';
import { RateLimiters } from '@helpdesk/core/rate-limit';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { createDb, createSystemClient, PrismaClient, tenantGuard, type Actor, type Db } from '@helpdesk/db';
import { closeQueues, createRedis, getQueue, jobs, readHeartbeats } from '@helpdesk/jobs';
import { createTestDatabase, makeTenant } from '@helpdesk/testkit';
import { buildMimeBytes } from '@helpdesk/testkit/mime';
import { seedPrices } from '../prisma/seed-prices';
import { demoArticles } from '../prisma/seed/articles';
import { DEMO_CATEGORIES, humanize } from '../prisma/seed/demo-tenant';
import { freePort } from '@helpdesk/testkit/free-port';

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

function intArg(name: keyof typeof values, min: number, max: number): number {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name}: expected an integer ${min}-${max}, got "${values[name]}"`);
    process.exit(2);
  }
  return n;
}
const MAILS = intArg('mails', 100, 50_000);
const API_SECONDS = intArg('api-seconds', 1, 600);
const CONNECTIONS = intArg('connections', 1, 200);
const MAIL_CONCURRENCY = intArg('mail-concurrency', 1, 200);
const PROFILE_SECONDS = intArg('profile-seconds', 0, 120);
const LIST_TICKETS = intArg('list-tickets', 30, 1_000_000);
const TIMEOUT_MS = intArg('timeout-s', 10, 24 * 3600) * 1000;
const RESEND = 100;

const DIST_DIR = process.env.NEXT_DIST_DIR ?? '.next';
if (!existsSync(path.join(ROOT, 'apps/web', DIST_DIR, 'BUILD_ID'))) {
  console.error(`the web app is not built (apps/web/${DIST_DIR}/BUILD_ID missing); run \`npm run build -w @helpdesk/web\` first`);
  process.exit(2);
}
// Redis database 15 is used by nothing else in the repo (tests 1-12, e2e 6, bench:cost 14): these queues are ours.
const REDIS_URL = process.env.BENCH_LOAD_REDIS_URL ?? 'redis://127.0.0.1:6379/15';
const RUN = randomBytes(3).toString('hex');
const started = Date.now();
const log = (msg: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${msg}`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

// ------------------------------------------------------------------ processes
const children: ChildProcess[] = [];

/** Each child leads its own process group, so stopping it also stops whatever it started (next start's workers). */
function startChild(name: string, args: string[], env: Record<string, string>, cwd = ROOT): ChildProcess {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const forward = (d: Buffer) => {
    for (const line of d.toString().split('\n'))
      if (line.trim() && (process.env.BENCH_VERBOSE || /error|failed|warn/i.test(line))) console.log(`  ${name}: ${line.slice(0, 300)}`);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  children.push(child);
  return child;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group is already gone.
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  signalGroup(child, 'SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  signalGroup(child, 'SIGKILL');
}

async function waitFor(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) {
      log(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
      return false;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return true;
}

// ------------------------------------------------------------------ figures
const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
};
const round = (x: number, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);

interface Cannon {
  rps: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Requests autocannon put on the wire; a timed run stops without waiting for the ones still in flight. */
  sent: number;
  seconds: number;
}

/** Runs autocannon and keeps every response's latency, since autocannon's own histogram has no p95. */
async function cannon(opts: autocannon.Options): Promise<Cannon> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const t0 = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ timeout: 30, ...opts }, (error, r) => (error ? reject(error) : resolve(r)));
    instance.on('response', (_client, status, _bytes, ms) => {
      latencies.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
  const seconds = (performance.now() - t0) / 1000;
  return {
    rps: latencies.length / seconds,
    requests: latencies.length,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    p99: pct(latencies, 99),
    max: Math.max(...latencies),
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    sent: result.requests.sent,
    seconds,
  };
}

/** `lanes` concurrent loops of `fn` for `seconds`: calls per second and per-call latency, as autocannon would see them. */
async function inProcess(
  seconds: number,
  lanes: number,
  fn: () => Promise<unknown>,
): Promise<{ rps: number; p50: number; p95: number; cpuMs: number }> {
  const times: number[] = [];
  const until = performance.now() + seconds * 1000;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (performance.now() < until) {
        const s = performance.now();
        await fn();
        times.push(performance.now() - s);
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  return {
    rps: times.length / ((performance.now() - t0) / 1000),
    p50: pct(times, 50),
    p95: pct(times, 95),
    cpuMs: (cpu.user + cpu.system) / 1000 / Math.max(1, times.length),
  };
}

/** User + system CPU of processes, from /proc (Linux): what a request costs whatever else the machine runs. */
function cpuMs(pids: number[]): Map<number, number> {
  const used = new Map<number, number>();
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
        .replace(/^.*\) /, '')
        .split(' ');
      used.set(pid, (Number(fields[11]) + Number(fields[12])) * 10); // USER_HZ is 100 on Linux
    } catch {
      // The process ended.
    }
  }
  return used;
}

/** CPU used since `before` by the processes still alive (a pool may close a connection mid-run; its share is lost). */
function cpuSince(before: Map<number, number>): number {
  let ms = 0;
  for (const [pid, now] of cpuMs([...before.keys()])) ms += now - before.get(pid)!;
  return ms;
}

function groupPids(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return (
          Number(
            readFileSync(`/proc/${pid}/stat`, 'utf8')
              .replace(/^.*\) /, '')
              .split(' ')[2],
          ) === pgid
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/**
 * Self time of a V8 .cpuprofile by where the code lives, counting only samples in [fromEndMs, toEndMs] before the
 * profile's end (the process exit), so start-up and warm-up stay out.
 */
function summariseProfile(
  file: string,
  fromEndMs: number,
  toEndMs: number,
): { total: number; groups: [string, number][]; top: [string, number][] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
    startTime: number;
    endTime: number;
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    const beforeEnd = (profile.endTime - at) / 1000;
    if (beforeEnd <= fromEndMs && beforeEnd >= toEndMs) self.set(id, (self.get(id) ?? 0) + delta / 1000);
  });
  const group = (n: ProfileNode): string => {
    const { url, functionName: fn } = n.callFrame;
    if (fn === '(idle)') return 'idle (waiting on I/O)';
    if (fn === '(garbage collector)') return 'garbage collector';
    if (fn === '(program)') return 'V8/native (program)';
    // Prisma's query compiler is the only WebAssembly the server runs.
    if (url.startsWith('wasm:')) return 'Prisma query compiler (wasm)';
    if (/@prisma\/adapter-pg|node_modules\/pg(-[a-z]+)?\//.test(url)) return 'Postgres driver (pg, adapter-pg)';
    if (/@prisma|\/generated\/|\.prisma\/|query_compiler|query_engine/.test(url)) return 'Prisma client (query compiler, results)';
    if (/ioredis|rate-limiter-flexible|redis-parser/.test(url)) return 'Redis / rate limiter';
    if (/node_modules\/next\/|next-server|\/compiled\//.test(url)) return 'Next.js server (routing, request/response)';
    if (/\.next\/server\//.test(url) || url.includes(`${DIST_DIR}/server/`)) return 'app bundle (route handlers, bundled packages)';
    if (/node_modules\/zod\//.test(url)) return 'zod';
    if (/^node:|^internal\//.test(url)) return 'Node core (http, streams, net)';
    if (!url && /stringify|parse/i.test(fn)) return 'JSON (native)';
    if (!url) return `native: ${fn || '(anonymous)'}`;
    return `other: ${url.replace(/^.*node_modules\//, '').split('/')[0]}`;
  };
  const groups = new Map<string, number>();
  const top = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    const g = group(node);
    groups.set(g, (groups.get(g) ?? 0) + ms);
    total += ms;
    if (!g.startsWith('idle')) {
      const name = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*node_modules\//, '').replace(ROOT, '')}`;
      top.set(name, (top.get(name) ?? 0) + ms);
    }
  }
  const desc = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { total, groups: desc(groups), top: desc(top).slice(0, 12) };
}

// ------------------------------------------------------------------ the world
const database = await createTestDatabase('hd_bench_load');
const db = createDb(database.url, 10);
const systemDb = createSystemClient(database.url, 5);
const redis = createRedis(REDIS_URL);
const storageDir = mkdtempSync(path.join(tmpdir(), 'hd-bench-load-'));
const profileDir = mkdtempSync(path.join(tmpdir(), 'hd-bench-load-prof-'));
let cleaned = false;

async function cleanup(): Promise<void> {
  if (cleaned) return;
  cleaned = true;
  await Promise.all(children.map(stopChild));
  await closeQueues();
  redis.disconnect();
  await db.$disconnect();
  await systemDb.$disconnect();
  rmSync(storageDir, { recursive: true, force: true });
  rmSync(profileDir, { recursive: true, force: true });
  if (values.keep) log(`--keep: database ${database.name} stays (${database.url})`);
  else await database.drop();
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cleanup().finally(() => process.exit(130)));

try {
  await redis.flushdb();
  log(`database ${database.name}, Redis ${REDIS_URL}, run ${RUN}; load average ${load()} on ${cpus().length} cores`);
  await seedPrices(db);
  const tenant = await makeTenant(db, 'Bench load');
  const tenantId = tenant.id;
  const owner = await db.user.create({ data: { email: `bench-load-${tenant.slug}@example.test`, name: 'Bench owner' } });
  await db.membership.create({ data: { tenantId, userId: owner.id, role: 'OWNER' } });
  const actor: Actor = { type: 'USER', id: owner.id, tenantId, role: 'OWNER', name: 'Bench owner' };
  await db.category.createMany({ data: DEMO_CATEGORIES.map((key) => ({ tenantId, key, name: humanize(key) })) });
  for (const a of demoArticles.slice(0, 5)) await createArticle(db, actor, { title: a.title, bodyMarkdown: a.body });
  const { key } = await createApiKey(db, actor, { name: 'bench:load', scopes: ['tickets:read', 'tickets:write'] });
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
  startChild(
    'cloud',
    ['--import', 'tsx', 'packages/testkit/src/fake-anthropic-cli.ts', '--port', String(cloudPort), '--delta-delay', '2'],
    {},
  );
  // Limits raised for the bench: it measures the route, not the limiter (which still counts every request in Redis).
  const RATE_LIMITS = 'apiKey=100000000/60,inboundAlias=100000000/60';
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
  const startWeb = async (name: string, nodeFlags: string[] = []): Promise<{ base: string; child: ChildProcess }> => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const child = startChild(
      name,
      [...nodeFlags, path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
      { ...env, NEXTAUTH_URL: base, PORT: String(port) },
      path.join(ROOT, 'apps/web'),
    );
    if (!(await waitFor(`${name} to answer`, async () => (await fetch(`${base}/api/health`)).status === 200, 120_000)))
      throw new Error(`${name} did not start`);
    return { base, child };
  };
  const web = await startWeb('web');
  const BASE = web.base;
  log(`web: next start at ${BASE} (apps/web/${DIST_DIR}); cloud: local Messages API server (simulated) on ${cloudPort}`);
  const auth = { authorization: `Bearer ${key}` };

  // ---------------------------------------------------------------- 1. the v1 list and where its time goes
  const pgBackends = async () =>
    (
      await systemDb.$queryRaw<
        { pid: number }[]
      >`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`
    ).map((r) => r.pid);
  /** A timed autocannon run plus the CPU it cost the web server's processes, Postgres's backends and this process. */
  const measured = async (opts: autocannon.Options, server: ChildProcess) => {
    const webPids = groupPids(server.pid!);
    const pgPids = await pgBackends();
    const [web0, pg0, self0] = [cpuMs(webPids), cpuMs(pgPids), process.cpuUsage()];
    const run = await cannon(opts);
    const self = process.cpuUsage(self0);
    const perRequest = (ms: number) => ms / Math.max(1, run.requests);
    return {
      ...run,
      cpu: {
        web: perRequest(cpuSince(web0)),
        postgres: perRequest(cpuSince(pg0)),
        loadGenerator: perRequest((self.user + self.system) / 1000),
      },
    };
  };
  // Warm the routes (first-request module loading, both pools filled) before measuring.
  await cannon({ url: `${BASE}/api/v1/tickets`, headers: auth, connections: CONNECTIONS, amount: 100 });
  await cannon({ url: `${BASE}/api/health`, connections: CONNECTIONS, amount: 100 });
  const list = await measured({ url: `${BASE}/api/v1/tickets`, headers: auth, connections: CONNECTIONS, duration: API_SECONDS }, web.child);
  log(
    `GET /api/v1/tickets: ${list.rps.toFixed(0)} req/s, p50 ${list.p50.toFixed(0)} ms, p99 ${list.p99.toFixed(0)} ms, statuses ${JSON.stringify(list.statuses)}; load ${load()}`,
  );
  const health = await measured({ url: `${BASE}/api/health`, connections: CONNECTIONS, duration: API_SECONDS }, web.child);
  log(
    `GET /api/health: ${health.rps.toFixed(0)} req/s, p50 ${health.p50.toFixed(0)} ms, statuses ${JSON.stringify(health.statuses)}; load ${load()}`,
  );

  // One list call on its own, with a client that reports each SQL statement and its round trip.
  const queries: { sql: string; params: string }[] = [];
  const counting = new PrismaClient({
    adapter: new PrismaPg({ connectionString: database.url, max: 10 }),
    log: [{ emit: 'event', level: 'query' }],
  });
  counting.$on('query', (e) => queries.push({ sql: e.query, params: e.params }));
  const countingDb = counting.$extends(tenantGuard) as unknown as Db;
  for (let i = 0; i < 20; i++) await listTicketResources(countingDb, tenantId, {});
  queries.length = 0;
  const alone: number[] = [];
  const SOLO = 100;
  for (let i = 0; i < SOLO; i++) {
    const t = performance.now();
    await listTicketResources(countingDb, tenantId, {});
    alone.push(performance.now() - t);
  }
  const solo = { p50: pct(alone, 50), statements: queries.length / SOLO };
  await counting.$disconnect();
  // The same statements sent by node-postgres alone: what the list costs without Prisma's compiler and result mapping.
  const statements = queries.slice(-Math.round(solo.statements)).map((q) => ({ sql: q.sql, params: JSON.parse(q.params) as unknown[] }));
  const pool = new pg.Pool({ connectionString: database.url, max: 10 });
  log(`one list call alone: p50 ${solo.p50.toFixed(2)} ms, ${solo.statements} SQL statements`);

  // The same steps the route runs, in this process, with the same concurrency and the web server's pool sizes.
  const stepSeconds = Math.min(API_SECONDS, 10);
  const limiter = new RateLimiters(redis, {
    limits: { apiKey: { points: 100_000_000, durationSeconds: 60 } },
    prefix: `bench-load-${RUN}`,
  });
  const header = `Bearer ${key}`;
  const page = await listTicketResources(db, tenantId, {});
  const steps = {
    'key auth (Prisma findUnique on ApiKey)': await inProcess(stepSeconds, CONNECTIONS, () => authenticateApiKey(systemDb, header)),
    'rate limiter (Redis)': await inProcess(stepSeconds, CONNECTIONS, () => limiter.consume('apiKey', 'bench')),
    [`list query (listTicketResources, ${page.data.length} rows)`]: await inProcess(stepSeconds, CONNECTIONS, () =>
      listTicketResources(db, tenantId, {}),
    ),
    [`the list's ${statements.length} SQL statements through node-postgres, no Prisma`]: await inProcess(
      stepSeconds,
      CONNECTIONS,
      async () => {
        for (const q of statements) await pool.query(q.sql, q.params);
      },
    ),
    'JSON (toJson round trip + response stringify)': await inProcess(stepSeconds, 1, async () =>
      JSON.stringify(JSON.parse(JSON.stringify(page))),
    ),
    'all of the above in a row': await inProcess(stepSeconds, CONNECTIONS, async () => {
      const a = await authenticateApiKey(systemDb, header);
      await limiter.consume('apiKey', a.apiKeyId);
      const body = await listTicketResources(db, a.actor.tenantId, {});
      return JSON.stringify(JSON.parse(JSON.stringify(body)));
    }),
  };
  await pool.end();
  for (const [name, s] of Object.entries(steps))
    log(
      `in process: ${name}: ${s.rps.toFixed(0)} calls/s, p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, ${s.cpuMs.toFixed(2)} ms CPU per call`,
    );

  // A CPU profile of a second server under the same list load (profiling slows it, so its throughput is not reported).
  let profile: ReturnType<typeof summariseProfile> | null = null;
  let profiledRequests = 0;
  if (PROFILE_SECONDS > 0) {
    const profiled = await startWeb('web-profiled', ['--cpu-prof', '--cpu-prof-dir', profileDir]);
    await cannon({ url: `${profiled.base}/api/v1/tickets`, headers: auth, connections: CONNECTIONS, amount: 100 });
    const from = Date.now();
    const profiledRun = await cannon({
      url: `${profiled.base}/api/v1/tickets`,
      headers: auth,
      connections: CONNECTIONS,
      duration: PROFILE_SECONDS,
    });
    const to = Date.now();
    profiledRequests = profiledRun.requests;
    const exited = new Promise<number>((r) => profiled.child.once('exit', () => r(Date.now())));
    await stopChild(profiled.child);
    const exitAt = await Promise.race([exited, new Promise<number>((r) => setTimeout(() => r(Date.now()), 100))]);
    const files = readdirSync(profileDir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(profileDir, f));
    const biggest = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
    if (biggest) {
      profile = summariseProfile(biggest, exitAt - from, exitAt - to);
      log(
        `CPU profile of next start: ${files.length} profile file(s), ${profiledRequests} list requests in the ${PROFILE_SECONDS} s window`,
      );
    } else log('no CPU profile was written by the profiled server');
  }

  // ---------------------------------------------------------------- 2. ticket creation through the API
  const createTag = `load-${RUN}-create`;
  let created = 0;
  const create = await cannon({
    url: `${BASE}/api/v1/tickets`,
    connections: CONNECTIONS,
    duration: API_SECONDS,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const n = created++;
          const idem = `${createTag}-${n}`;
          return {
            ...req,
            headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': idem },
            body: JSON.stringify({
              subject: `Load ${idem}`,
              bodyText: `Created by bench:load, request ${n}.`,
              customer: { email: `load-${n % 500}@example.test`, name: `Load customer ${n % 500}` },
            }),
          };
        },
      },
    ],
  });
  const created2xx = Object.entries(create.statuses)
    .filter(([s]) => s.startsWith('2'))
    .reduce((a, [, n]) => a + n, 0);
  // autocannon stops a timed run without reading the answers still in flight; the server finishes those requests.
  const inFlight = create.sent - create.requests;
  await new Promise((r) => setTimeout(r, 3000));
  const countCreated = async () => {
    const [row] = await systemDb.$queryRaw<{ rows: bigint; distinct: bigint }[]>`
      SELECT count(*) AS rows, count(DISTINCT subject) AS distinct FROM "Ticket" WHERE "tenantId" = ${tenantId} AND subject LIKE ${`Load ${createTag}-%`}`;
    return { rows: Number(row!.rows), duplicated: Number(row!.rows) - Number(row!.distinct) };
  };
  const createCount = await countCreated();
  const createStored = createCount.rows;
  const createDuplicated = createCount.duplicated;
  // The same keys again: each must replay the first answer (same ticket id) and write nothing.
  const REPLAY = Math.min(50, created2xx);
  let replayedSame = 0;
  for (let n = 0; n < REPLAY; n++) {
    const idem = `${createTag}-${n}`;
    const res = await fetch(`${BASE}/api/v1/tickets`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': idem },
      body: JSON.stringify({
        subject: `Load ${idem}`,
        bodyText: `Created by bench:load, request ${n}.`,
        customer: { email: `load-${n % 500}@example.test`, name: `Load customer ${n % 500}` },
      }),
    });
    const body = (await res.json()) as { id?: string };
    const row = await systemDb.ticket.findFirst({ where: { tenantId, subject: `Load ${idem}` }, select: { id: true } });
    if (res.headers.get('idempotent-replayed') === 'true' && body.id && body.id === row?.id) replayedSame++;
  }
  const afterReplay = await countCreated();
  const createExact =
    createDuplicated === 0 &&
    createStored >= created2xx &&
    createStored <= created2xx + inFlight &&
    afterReplay.rows === createStored &&
    replayedSame === REPLAY;
  log(
    `POST /api/v1/tickets: ${create.rps.toFixed(0)} req/s, p95 ${create.p95.toFixed(0)} ms, statuses ${JSON.stringify(create.statuses)}; rows ${createStored} for ${created2xx} 2xx + ${inFlight} in flight at the stop, ${createDuplicated} duplicated; ${replayedSame}/${REPLAY} keys replayed the first answer, rows after ${afterReplay.rows}; load ${load()}`,
  );
  // These tickets stay out of the AI pipeline, so scenario 3 measures the mails alone: their events are marked
  // dispatched before the workers start (the outbox is only read by the ops worker, which is not running yet).
  const parked = await systemDb.$executeRaw`
    UPDATE "OutboxEvent" SET "dispatchedAt" = now() WHERE "tenantId" = ${tenantId} AND "dispatchedAt" IS NULL AND type <> 'kb.article.changed'`;
  log(`${parked} outbox events of the API-created tickets marked dispatched (kept out of the AI pipeline)`);

  // ---------------------------------------------------------------- 3. a burst of inbound mail through the pipeline
  startChild('ops', ['--import', 'tsx', 'workers/ops/src/main.ts'], env);
  startChild('ai', ['--import', 'tsx', 'workers/ai/src/main.ts'], env);
  const ready = await waitFor(
    'the AI worker (model loaded) and the knowledge base embedded',
    async () =>
      (await readHeartbeats(redis)).some((b) => b.alive && b.kind === 'ai' && b.model?.loaded) &&
      (await db.knowledgeChunk.count({ where: { tenantId } })) > 0 &&
      (await db.knowledgeChunk.count({ where: { tenantId, embedding: null } })) === 0,
    300_000,
  );
  if (!ready) throw new Error('the AI worker did not become ready');
  log(
    `workers ready (model ${path.relative(ROOT, modelPath)}${demo ? ', DEMO: random weights' : ''}, LLAMA_THREADS ${env.LLAMA_THREADS}); load ${load()}`,
  );

  const inboundUrl = `${BASE}/api/inbound/email/${tenant.inboundAlias}`;
  const messageId = (i: number) => `<load-${RUN}-${i}@customer.test>`;
  const mailRequest = (i: number) => {
    const raw = buildMimeBytes({
      from: `Load Customer ${i} <mail-${RUN}-${i}@customer.test>`,
      subject: `Burst mail ${i}: card payment declined`,
      text: `Hello, my card payment was declined at the shop today (mail ${i} of the bench:load burst). Can you help?`,
      messageId: messageId(i),
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', tenant.inboundSecret).update(`${timestamp}.`).update(raw).digest('hex');
    return {
      headers: { 'content-type': 'message/rfc822', 'x-helpdesk-timestamp': timestamp, 'x-helpdesk-signature': signature },
      body: raw,
    };
  };
  let next = 0;
  const burstFrom = new Date();
  const burst = await cannon({
    url: inboundUrl,
    connections: MAIL_CONCURRENCY,
    amount: MAILS,
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, ...mailRequest(next++ % MAILS) }) as typeof req }],
  });
  log(
    `webhook burst: ${burst.requests} mails in ${burst.seconds.toFixed(1)} s (${burst.rps.toFixed(0)}/s), p95 ${burst.p95.toFixed(0)} ms, statuses ${JSON.stringify(burst.statuses)}; load ${load()}`,
  );

  const stored = async () => {
    const [row] = await systemDb.$queryRaw<{ messages: bigint; distinct: bigint; tickets: bigint }[]>`
      SELECT count(*) AS messages, count(DISTINCT "emailMessageId") AS distinct, count(DISTINCT "ticketId") AS tickets
        FROM "Message" WHERE "tenantId" = ${tenantId} AND "emailMessageId" LIKE ${`<load-${RUN}-%`}`;
    return { messages: Number(row!.messages), distinct: Number(row!.distinct), tickets: Number(row!.tickets) };
  };
  // A relay retries what was not accepted: any mail the burst did not store is sent again, once, and counted.
  const have = new Set(
    (
      await systemDb.message.findMany({
        where: { tenantId, emailMessageId: { startsWith: `<load-${RUN}-` } },
        select: { emailMessageId: true },
      })
    ).map((m) => m.emailMessageId),
  );
  const missing = Array.from({ length: MAILS }, (_, i) => i).filter((i) => !have.has(messageId(i)));
  for (const i of missing) await fetch(inboundUrl, { method: 'POST', ...mailRequest(i) });
  if (missing.length) log(`${missing.length} mails were not stored by the burst and were sent once more (a relay's retry)`);
  const afterBurst = await stored();

  const resend = await cannon({
    url: inboundUrl,
    connections: 10,
    amount: RESEND,
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, ...mailRequest((next++ * 7919) % MAILS) }) as typeof req }],
  });
  const afterResend = await stored();
  log(
    `resent ${RESEND} mails: statuses ${JSON.stringify(resend.statuses)}; stored messages ${afterBurst.messages} → ${afterResend.messages}, tickets ${afterBurst.tickets} → ${afterResend.tickets}`,
  );

  // The whole pipeline: every mail's ticket has a triage result and a ready draft.
  const mailTickets = await systemDb.message.findMany({
    where: { tenantId, emailMessageId: { startsWith: `<load-${RUN}-` } },
    select: { ticketId: true },
  });
  const ticketIds = [...new Set(mailTickets.map((m) => m.ticketId))];
  const aiQueues = (['triage', 'retrieval', 'draft'] as const).map((name) => getQueue(jobs[name].queue, redis));
  let lastLine = '';
  let lastLog = 0;
  const pipelineDone = await waitFor(
    `every mail's ticket to have triage and a draft (${ticketIds.length} tickets)`,
    async () => {
      const [[t], [d]] = await Promise.all([
        systemDb.$queryRaw<
          { n: bigint }[]
        >`SELECT count(DISTINCT "ticketId") AS n FROM "TriageResult" WHERE "tenantId" = ${tenantId} AND "ticketId" = ANY(${ticketIds})`,
        systemDb.$queryRaw<
          { n: bigint }[]
        >`SELECT count(DISTINCT "ticketId") AS n FROM "AiDraft" WHERE "tenantId" = ${tenantId} AND status = 'READY' AND "ticketId" = ANY(${ticketIds})`,
      ]);
      const [outbox, ...queued] = await Promise.all([
        systemDb.outboxEvent.count({ where: { tenantId, dispatchedAt: null } }),
        ...aiQueues.map(async (q) =>
          Object.values(await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).reduce((a, b) => a + b, 0),
        ),
      ]);
      const line = `pipeline: triaged ${t!.n}/${ticketIds.length}, drafted ${d!.n}/${ticketIds.length}; outbox ${outbox} undispatched, queued ${aiQueues.map((q, i) => `${q.name} ${queued[i]}`).join(', ')}; load ${load()}`;
      if (line !== lastLine && Date.now() - lastLog > 10_000) {
        log(line);
        lastLine = line;
        lastLog = Date.now();
      }
      return Number(t!.n) === ticketIds.length && Number(d!.n) === ticketIds.length;
    },
    TIMEOUT_MS,
  );
  const drafts = await systemDb.$queryRaw<{ ms: number; done: Date }[]>`
    SELECT EXTRACT(EPOCH FROM (d."updatedAt" - t."createdAt")) * 1000 AS ms, d."updatedAt" AS done
      FROM "AiDraft" d JOIN "Ticket" t ON t.id = d."ticketId" AND t."tenantId" = d."tenantId"
     WHERE d."tenantId" = ${tenantId} AND d.status = 'READY' AND d."ticketId" = ANY(${ticketIds})`;
  const [triaged] = await systemDb.$queryRaw<
    { n: bigint }[]
  >`SELECT count(DISTINCT "ticketId") AS n FROM "TriageResult" WHERE "tenantId" = ${tenantId} AND "ticketId" = ANY(${ticketIds})`;
  const lastDraft = Math.max(...drafts.map((d) => d.done.getTime()));
  const pipelineS = (lastDraft - burstFrom.getTime()) / 1000;
  const mailToDraft = drafts.map((d) => Number(d.ms) / 1000);
  const final = await stored();

  // ---------------------------------------------------------------- report
  const chain = steps['all of the above in a row'];
  const httpAbove = list.p50 - chain.p50;
  const result = {
    list_rps: round(list.rps),
    list_p50_ms: round(list.p50),
    list_p99_ms: round(list.p99),
    health_rps: round(health.rps),
    create_rps: round(create.rps),
    create_p95_ms: round(create.p95),
    mails: MAILS,
    mails_stored: final.distinct,
    mails_duplicated: final.messages - final.distinct,
    mails_lost: MAILS - final.distinct,
    webhook_rps: round(burst.rps),
    webhook_p95_ms: round(burst.p95),
    pipeline_per_s: round(drafts.length / pipelineS, 2),
    p95_mail_to_draft_s: round(pct(mailToDraft, 95)),
    load_average: round(loadavg()[0]!),
  };
  console.log('');
  console.log(
    `bench:load — ${MAILS} mails, ${API_SECONDS} s per API scenario, ${CONNECTIONS} connections, next start (production build), model ${path.basename(modelPath)}${demo ? ' (DEMO: random weights)' : ''}, cloud SIMULATED (local Messages API server)`,
  );
  console.log(
    `${cpus().length} cores, load average now ${load()}; ${LIST_TICKETS} tickets in the listed tenant; rate limits raised for the run (RATE_LIMITS=${RATE_LIMITS})`,
  );
  const rows: [string, string][] = [
    [
      'GET /api/v1/tickets',
      `${list.rps.toFixed(0)} req/s, p50 ${list.p50.toFixed(1)} ms, p95 ${list.p95.toFixed(1)} ms, p99 ${list.p99.toFixed(1)} ms (${list.requests} requests, ${JSON.stringify(list.statuses)})`,
    ],
    [
      '  CPU per list request: web server / Postgres / autocannon',
      `${list.cpu.web.toFixed(1)} ms / ${list.cpu.postgres.toFixed(1)} ms / ${list.cpu.loadGenerator.toFixed(1)} ms`,
    ],
    [
      'GET /api/health (DB + Redis ping)',
      `${health.rps.toFixed(0)} req/s, p50 ${health.p50.toFixed(1)} ms, p99 ${health.p99.toFixed(1)} ms`,
    ],
    [
      '  CPU per health request: web server / Postgres / autocannon',
      `${health.cpu.web.toFixed(1)} ms / ${health.cpu.postgres.toFixed(1)} ms / ${health.cpu.loadGenerator.toFixed(1)} ms`,
    ],
    ['one list call alone (in process, 1 at a time)', `p50 ${solo.p50.toFixed(2)} ms, ${solo.statements} SQL statements`],
    ...Object.entries(steps).map(([name, s]): [string, string] => [
      `  in process: ${name}`,
      `${s.rps.toFixed(0)} calls/s, p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, ${s.cpuMs.toFixed(2)} ms CPU per call`,
    ]),
    [
      '  web CPU per list request not in the steps above',
      `${(list.cpu.web - chain.cpuMs).toFixed(1)} ms of ${list.cpu.web.toFixed(1)} ms (Next.js routing and proxy.ts, HTTP parsing and writing, Node streams); a health request costs ${health.cpu.web.toFixed(1)} ms in all`,
    ],
    ['  list p50 over HTTP minus in-process chain p50', `${httpAbove.toFixed(1)} ms (Next.js, HTTP, the server's own event loop queueing)`],
    [
      'POST /api/v1/tickets (unique Idempotency-Key)',
      `${create.rps.toFixed(0)} req/s, p50 ${create.p50.toFixed(0)} ms, p95 ${create.p95.toFixed(0)} ms (${JSON.stringify(create.statuses)})`,
    ],
    [
      '  rows / 2xx / in flight at the stop / duplicated',
      `${createStored} / ${created2xx} / ${inFlight} / ${createDuplicated} ${createExact ? '(exactly once)' : '(MISMATCH)'}`,
    ],
    [
      `  same ${REPLAY} keys again`,
      `${replayedSame}/${REPLAY} replayed the first answer (same ticket id); rows ${createStored} → ${afterReplay.rows}`,
    ],
    [
      'inbound webhook burst',
      `${MAILS} mails, ${burst.rps.toFixed(0)}/s, p50 ${burst.p50.toFixed(0)} ms, p95 ${burst.p95.toFixed(0)} ms (${JSON.stringify(burst.statuses)}, ${burst.errors} errors, ${burst.timeouts} timeouts)`,
    ],
    ['  retried (not stored by the burst)', String(missing.length)],
    [
      '  stored / duplicated / lost (by Message-ID)',
      `${final.distinct} / ${final.messages - final.distinct} / ${MAILS - final.distinct}; ${final.tickets} tickets ${final.distinct === MAILS && final.messages === MAILS && final.tickets === MAILS ? '(exactly once)' : '(MISMATCH)'}`,
    ],
    [
      `  resent ${RESEND}`,
      `${JSON.stringify(resend.statuses)}; messages ${afterBurst.messages} → ${afterResend.messages} ${afterResend.messages === afterBurst.messages ? '(de-duplicated)' : '(DUPLICATED)'}`,
    ],
    [
      'pipeline (burst start → last draft)',
      `${drafts.length}/${ticketIds.length} drafted, ${Number(triaged!.n)} triaged in ${pipelineS.toFixed(0)} s = ${(drafts.length / pipelineS).toFixed(2)} tickets/s${pipelineDone ? '' : ` (TIMED OUT after ${TIMEOUT_MS / 1000} s)`}`,
    ],
    ['  mail → draft p50 / p95', `${pct(mailToDraft, 50).toFixed(1)} s / ${pct(mailToDraft, 95).toFixed(1)} s`],
  ];
  for (const [k, v] of rows) console.log(`  ${k.padEnd(58)} ${v}`);
  if (profile) {
    const busy = profile.total - (profile.groups.find(([g]) => g.startsWith('idle'))?.[1] ?? 0);
    // V8 samples wall time: on a loaded machine a preempted thread's wait is charged to what it ran last, most of all to
    // writev (a write to Postgres or the client wakes the reader, which often takes the core right then).
    console.log(
      `  CPU profile of a second next start under the same list load, ${PROFILE_SECONDS} s window, ${profiledRequests} requests (self time as V8 samples it, i.e. wall time incl. preemption; busy ${(busy / 1000).toFixed(1)} s of ${(profile.total / 1000).toFixed(1)} s):`,
    );
    for (const [g, ms] of profile.groups.slice(0, 14))
      console.log(
        `    ${g.padEnd(56)} ${(ms / 1000).toFixed(2).padStart(7)} s ${g.startsWith('idle') ? '' : `${((ms / busy) * 100).toFixed(1).padStart(5)} % of busy`}`,
      );
    console.log('    hottest functions:');
    for (const [f, ms] of profile.top) console.log(`      ${(ms / 1000).toFixed(2).padStart(6)} s  ${f.slice(0, 110)}`);
  }
  const exact = final.distinct === MAILS && final.messages === MAILS && afterResend.messages === afterBurst.messages && createExact;
  if (!exact || !pipelineDone) process.exitCode = 1;
  console.log(`RESULT ${JSON.stringify(result)}`);
} finally {
  await cleanup();
}

import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { authenticateApiKey } from '@helpdesk/core/api-keys';
import { listTicketResources } from '@helpdesk/core/api-resources';
import { RateLimiters } from '@helpdesk/core/rate-limit';
import { PrismaClient, tenantGuard, type Db } from '@helpdesk/db';
import { startWebApp } from './children';
import { percentile } from './figures';
import { cannon, inProcess, measured } from './load-measure';
import { summariseProfile } from './load-profile';
import { until, type LoadRun } from './load-run';

/**
 * Scenario 1 of bench:load: GET /api/v1/tickets and GET /api/health under autocannon, then where a list request's
 * time goes: one call alone with its SQL statements counted, the route's steps timed in this process with the same
 * concurrency, and a CPU profile of a second server under the same load.
 */
export async function listScenario(r: LoadRun, options: { profileSeconds: number; root: string; distDir: string }) {
  const { systemDb, tenant, auth, connections, log, load } = r;
  const base = r.web.base;
  const pgBackends = async () =>
    (
      await systemDb.$queryRaw<
        { pid: number }[]
      >`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`
    ).map((row) => row.pid);
  // Warm the routes (first-request module loading, both pools filled) before measuring.
  await cannon({ url: `${base}/api/v1/tickets`, headers: auth, connections, amount: 100 });
  await cannon({ url: `${base}/api/health`, connections, amount: 100 });
  const list = await measured(
    { url: `${base}/api/v1/tickets`, headers: auth, connections, duration: r.apiSeconds },
    r.web.child,
    pgBackends,
  );
  log(
    `GET /api/v1/tickets: ${list.rps.toFixed(0)} req/s, p50 ${list.p50.toFixed(0)} ms, p99 ${list.p99.toFixed(0)} ms, statuses ${JSON.stringify(list.statuses)}; load ${load()}`,
  );
  const health = await measured({ url: `${base}/api/health`, connections, duration: r.apiSeconds }, r.web.child, pgBackends);
  log(
    `GET /api/health: ${health.rps.toFixed(0)} req/s, p50 ${health.p50.toFixed(0)} ms, statuses ${JSON.stringify(health.statuses)}; load ${load()}`,
  );
  const { solo, steps } = await listSteps(r, tenant.id);
  const profiled = options.profileSeconds > 0 ? await profile(r, options) : null;
  return {
    list,
    health,
    solo,
    steps,
    profile: profiled?.summary ?? null,
    profiledRequests: profiled?.requests ?? 0,
    profileSeconds: options.profileSeconds,
  };
}

/** One list call on its own, with its SQL counted; then the route's steps in this process, as the server runs them. */
async function listSteps(r: LoadRun, tenantId: string) {
  const { db, systemDb, redis, connections, log } = r;
  // One list call on its own, with a client that reports each SQL statement and its round trip.
  const queries: { sql: string; params: string }[] = [];
  const counting = new PrismaClient({
    adapter: new PrismaPg({ connectionString: r.databaseUrl, max: 10 }),
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
  const solo = { p50: percentile(alone, 50), statements: queries.length / SOLO };
  await counting.$disconnect();
  // The same statements sent by node-postgres alone: what the list costs without Prisma's compiler and result mapping.
  const statements = queries.slice(-Math.round(solo.statements)).map((q) => ({ sql: q.sql, params: JSON.parse(q.params) as unknown[] }));
  const pool = new pg.Pool({ connectionString: r.databaseUrl, max: 10 });
  log(`one list call alone: p50 ${solo.p50.toFixed(2)} ms, ${solo.statements} SQL statements`);

  // The same steps the route runs, in this process, with the same concurrency and the web server's pool sizes.
  const stepSeconds = Math.min(r.apiSeconds, 10);
  const limiter = new RateLimiters(redis, {
    limits: { apiKey: { points: 100_000_000, durationSeconds: 60 } },
    prefix: `bench-load-${r.run}`,
  });
  const header = r.auth.authorization;
  const page = await listTicketResources(db, tenantId, {});
  const steps = {
    'key auth (Prisma findUnique on ApiKey)': await inProcess(stepSeconds, connections, () => authenticateApiKey(systemDb, header)),
    'rate limiter (Redis)': await inProcess(stepSeconds, connections, () => limiter.consume('apiKey', 'bench')),
    [`list query (listTicketResources, ${page.data.length} rows)`]: await inProcess(stepSeconds, connections, () =>
      listTicketResources(db, tenantId, {}),
    ),
    [`the list's ${statements.length} SQL statements through node-postgres, no Prisma`]: await inProcess(
      stepSeconds,
      connections,
      async () => {
        for (const q of statements) await pool.query(q.sql, q.params);
      },
    ),
    'JSON (toJson round trip + response stringify)': await inProcess(stepSeconds, 1, async () =>
      JSON.stringify(JSON.parse(JSON.stringify(page))),
    ),
    'all of the above in a row': await inProcess(stepSeconds, connections, async () => {
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
  return { solo, steps };
}

/** A CPU profile of a second server under the same list load (profiling slows it, so its throughput is not reported). */
async function profile(r: LoadRun, options: { profileSeconds: number; root: string; distDir: string }) {
  const { auth, connections, log } = r;
  const profileDir = mkdtempSync(path.join(tmpdir(), 'hd-bench-load-prof-'));
  try {
    const profiled = await startWebApp(r.children, 'web-profiled', r.env, ['--cpu-prof', '--cpu-prof-dir', profileDir]);
    if (!(await until(log, 'web-profiled to answer', profiled.answers, 120_000))) throw new Error('web-profiled did not start');
    await cannon({ url: `${profiled.base}/api/v1/tickets`, headers: auth, connections, amount: 100 });
    const from = Date.now();
    const run = await cannon({ url: `${profiled.base}/api/v1/tickets`, headers: auth, connections, duration: options.profileSeconds });
    const to = Date.now();
    const exited = new Promise<number>((resolve) => profiled.child.once('exit', () => resolve(Date.now())));
    await r.children.stop(profiled.child);
    const exitAt = await Promise.race([exited, new Promise<number>((resolve) => setTimeout(() => resolve(Date.now()), 100))]);
    const files = readdirSync(profileDir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(profileDir, f));
    const biggest = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
    if (!biggest) {
      log('no CPU profile was written by the profiled server');
      return null;
    }
    log(
      `CPU profile of next start: ${files.length} profile file(s), ${run.requests} list requests in the ${options.profileSeconds} s window`,
    );
    return { summary: summariseProfile(biggest, exitAt - from, exitAt - to, options), requests: run.requests };
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
  }
}

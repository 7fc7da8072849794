// Cost of the maintenance sweeps at scale, and what they do to the inbox while they run:
// `npm run bench:sweeps -- [--tenant acme] [--budget-ms 20000]`. Seed first with
// `npm run seed:scale -- --tickets 1000000`. The bench flags every overdue ticket exactly as the ops worker
// would (same function, same batches), measures each run and the inbox list latency alongside, then puts
// every flagged ticket back as it was, so it can be run again on the same data.
import { parseArgs } from 'node:util';
import { autoCloseSolved, DEFAULT_SWEEP_BATCH, pastDueSql, sweepSla, type SweepResult } from '@helpdesk/core';
import { listTickets } from '@helpdesk/core/queries';
import { databaseUrlFromEnv, integerOption } from '@helpdesk/config/cli/args';
import { createDb, createSystemClient } from '@helpdesk/db';
import { percentile } from './figures';

const { values } = parseArgs({
  options: {
    tenant: { type: 'string', default: 'acme' },
    'budget-ms': { type: 'string', default: '20000' },
    json: { type: 'boolean', default: false },
  },
});
const budgetMs = integerOption('budget-ms', values['budget-ms'], 0);
const url = databaseUrlFromEnv();

const system = createSystemClient(url, 3);
const db = createDb(url, 4);

/** Inbox list latencies (first page, open tickets) until `stop()` resolves; one query at a time, like one agent. */
async function listLatencies(tenantId: string, until: Promise<unknown>, max = 10_000): Promise<number[]> {
  let done = false;
  void until.finally(() => (done = true));
  const times: number[] = [];
  while (!done && times.length < max) {
    const start = performance.now();
    await listTickets(db, tenantId, { status: ['NEW', 'OPEN'] }, 'updated_desc', null, 25, { viewerId: null });
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

async function runUntilComplete(
  name: string,
  sweep: () => Promise<SweepResult>,
): Promise<{ runs: { ms: number; result: SweepResult }[]; processed: number }> {
  const runs: { ms: number; result: SweepResult }[] = [];
  for (let i = 0; i < 1_000; i++) {
    const start = performance.now();
    const result = await sweep();
    runs.push({ ms: performance.now() - start, result });
    process.stderr.write(`\r${name}: run ${runs.length}, ${runs.reduce((s, r) => s + r.result.processed, 0)} rows   `);
    if (result.complete) break;
  }
  process.stderr.write('\n');
  return { runs, processed: runs.reduce((s, r) => s + r.result.processed, 0) };
}

/** Puts back what the sweeps changed, in batches with progress: as much work as the sweep itself. */
async function restore(sweptAt: Date): Promise<void> {
  await system.$executeRaw`DELETE FROM "AuditLog" WHERE action IN ('sla.breached', 'ticket.auto_closed') AND "createdAt" = ${sweptAt}`;
  const [{ total }] = (await system.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM bench_sweep_restore`) as [
    { total: number },
  ];
  for (let done = 0; ;) {
    const n = await system.$executeRaw`
      WITH batch AS (DELETE FROM bench_sweep_restore WHERE id IN (SELECT id FROM bench_sweep_restore LIMIT 20000) RETURNING *)
      UPDATE "Ticket" t SET "slaBreachedAt" = NULL, "updatedAt" = b."updatedAt", status = b.status, "closedAt" = b."closedAt"
        FROM batch b WHERE t.id = b.id AND (t."slaBreachedAt" = ${sweptAt} OR t."closedAt" = ${sweptAt})`;
    done += n;
    process.stderr.write(`\rrestoring the swept rows: ${done}/${total}   `);
    if (n === 0) break;
  }
  process.stderr.write('\n');
  await system.$executeRawUnsafe('DROP TABLE bench_sweep_restore');
}

try {
  const tenant = await system.tenant.findUnique({ where: { slug: values.tenant } });
  if (!tenant) throw new Error(`no tenant with slug ${values.tenant}; run npm run seed:scale -- --tenant ${values.tenant}`);
  const [{ tickets }] = (await system.$queryRaw<{ tickets: number }[]>`SELECT count(*)::int AS tickets FROM "Ticket"`) as [
    { tickets: number },
  ];
  const now = new Date();
  // Everything a sweep will change is saved first, so the data can be put back exactly afterwards.
  await system.$executeRawUnsafe('DROP TABLE IF EXISTS bench_sweep_restore');
  await system.$executeRaw`
    CREATE TABLE bench_sweep_restore AS
    SELECT id, "updatedAt", status, "closedAt" FROM "Ticket" t
     WHERE (t."slaBreachedAt" IS NULL AND ${pastDueSql(now)}) OR t.status = 'SOLVED'`;
  const idle = await listLatencies(tenant.id, new Promise((r) => setTimeout(r, 5_000)), 200);

  let sla!: Awaited<ReturnType<typeof runUntilComplete>>;
  const slaDone = runUntilComplete('SLA sweep', () => sweepSla(system, now, { budgetMs })).then((r) => (sla = r));
  const during = await listLatencies(tenant.id, slaDone);
  await slaDone;
  const close = await runUntilComplete('auto-close', () => autoCloseSolved(system, now, { budgetMs }));

  const slowest = (runs: { ms: number }[]) => Math.max(...runs.map((r) => r.ms));
  const rate = (n: number, runs: { ms: number }[]) => Math.round(n / (runs.reduce((s, r) => s + r.ms, 0) / 1000));
  const rows = [
    ['tickets in the database', String(tickets), ''],
    ['SLA sweep: overdue tickets flagged', String(sla.processed), ''],
    [
      'SLA sweep: runs / slowest run',
      `${sla.runs.length} / ${(slowest(sla.runs) / 1000).toFixed(1)} s`,
      `each run < lock (60 s); budget ${budgetMs / 1000} s`,
    ],
    ['SLA sweep: rows per second', String(rate(sla.processed, sla.runs)), ''],
    ['auto-close: tickets closed / runs', `${close.processed} / ${close.runs.length}`, ''],
    ['auto-close: slowest run', `${(slowest(close.runs) / 1000).toFixed(1)} s`, '< lock (60 s)'],
    ['inbox list p50 / p95, idle', `${percentile(idle, 50).toFixed(1)} / ${percentile(idle, 95).toFixed(1)} ms`, ''],
    [
      'inbox list p50 / p95, during the SLA sweep',
      `${percentile(during, 50).toFixed(1)} / ${percentile(during, 95).toFixed(1)} ms`,
      `ratio p95 ${(percentile(during, 95) / percentile(idle, 95)).toFixed(2)}×`,
    ],
  ];
  console.log(`\nMaintenance sweeps (batch ${DEFAULT_SWEEP_BATCH} rows per tenant per step, time budget ${budgetMs} ms)`);
  for (const [what, value, note] of rows) console.log(`${what!.padEnd(46)} ${value!.padEnd(22)} ${note}`);
  console.log(
    `RESULT ${JSON.stringify({
      tickets,
      sla_flagged: sla.processed,
      sla_runs: sla.runs.length,
      sla_slowest_run_s: +(slowest(sla.runs) / 1000).toFixed(2),
      sla_rows_per_s: rate(sla.processed, sla.runs),
      auto_closed: close.processed,
      auto_close_slowest_run_s: +(slowest(close.runs) / 1000).toFixed(2),
      list_p95_idle_ms: +percentile(idle, 95).toFixed(1),
      list_p95_during_sweep_ms: +percentile(during, 95).toFixed(1),
    })}`,
  );
  await restore(now);
} finally {
  await Promise.all([system.$disconnect(), db.$disconnect()]);
}

// Report latency at scale, rollups vs the raw ledger: `npm run bench:reports -- [--rows 10000000] [--runs 5] [--fresh]`.
// Generates ledger rows for a tenant "bench-reports" with one generate_series INSERT per batch, rolls them up,
// then times the same reports read from rollups (+ today's and yesterday's ledger) and from the ledger alone.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { databaseUrlFromEnv, integerOption } from '@helpdesk/config/cli/args';
import { createDb, createSystemClient } from '@helpdesk/db';
import { DAY_MS_UTC, parseDayRange, rollupUsage, spendReport, startOfUtcDay, ticketCosts, type DateRange } from '@helpdesk/billing';
import { seedPrices } from '../prisma/seed-prices';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000000' },
    runs: { type: 'string', default: '5' },
    fresh: { type: 'boolean', default: false },
  },
});
const rows = integerOption('rows', values.rows, 1, 50_000_000);
const runs = integerOption('runs', values.runs, 1);
const url = databaseUrlFromEnv();

const system = createSystemClient(url, 2);
const db = createDb(url, 4);
const SLUG = 'bench-reports';
const BATCH = 250_000;

function bar(done: number, total: number, startedAt: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const rate = done / Math.max(0.001, (performance.now() - startedAt) / 1000);
  process.stderr.write(
    `\r  [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString()} / ${total.toLocaleString()} rows, ${Math.round(rate).toLocaleString()}/s `,
  );
}

async function benchTenant(): Promise<string> {
  const existing = await system.tenant.findUnique({ where: { slug: SLUG } });
  if (existing && values.fresh) {
    process.stderr.write('deleting the previous bench tenant…\n');
    await system.tenant.delete({ where: { id: existing.id } });
  } else if (existing) {
    return existing.id;
  }
  const tenant = await system.tenant.create({
    data: { name: 'Reports bench', slug: SLUG, inboundAlias: SLUG, inboundSecret: randomBytes(24).toString('hex') },
  });
  return tenant.id;
}

/**
 * Rows derived from the series index with multiplicative hashing, in time order like a real ledger (keys are
 * zero-padded so every index grows at its right edge, which keeps the insert fast): a year of history, local triage/retrieval/
 * drafts and some cloud escalations, costs in the catalog's ballpark (this measures reading, not pricing).
 */
async function generate(tenantId: string, have: number): Promise<void> {
  const total = rows - have;
  if (total <= 0) {
    process.stderr.write(`bench tenant already has ${have.toLocaleString()} rows; pass --fresh to regenerate\n`);
    return;
  }
  const startedAt = performance.now();
  for (let start = have; start < rows; start += BATCH) {
    const end = Math.min(rows, start + BATCH) - 1;
    await system.$executeRaw`
      INSERT INTO "UsageEvent" ("id", "tenantId", "ticketId", "feature", "model", "provider", "tokensIn", "tokensOut",
        "cacheReadTokens", "durationMs", "computeMs", "costMicros", "idempotencyKey", "occurredAt")
      SELECT 'bench-' || lpad(i::text, 10, '0'), ${tenantId}, CASE WHEN i % 10 = 0 THEN NULL ELSE 'bench-ticket-' || lpad((i / 4)::text, 10, '0') END,
        (CASE WHEN i % 20 = 0 THEN 'ESCALATED_DRAFT' WHEN i % 4 = 0 THEN 'DRAFT' WHEN i % 4 = 1 THEN 'TRIAGE'
              WHEN i % 4 = 2 THEN 'RETRIEVAL' ELSE 'SUMMARY' END)::"AiFeature",
        CASE WHEN i % 20 = 0 THEN (CASE WHEN i % 60 = 0 THEN 'claude-sonnet-4-6' ELSE 'claude-haiku-4-5' END) ELSE 'qwen2.5-7b-instruct-q4_k_m' END,
        (CASE WHEN i % 20 = 0 THEN 'CLOUD' ELSE 'LOCAL' END)::"ModelProvider",
        100 + (i * 2654435761) % 1500, (i * 40503) % 400, CASE WHEN i % 20 = 0 THEN (i * 7) % 1200 ELSE 0 END,
        200 + (i * 97) % 9000, CASE WHEN i % 20 = 0 THEN 0 ELSE 200 + (i * 97) % 9000 END,
        CASE WHEN i % 20 = 0 THEN 500 + (i * 31) % 6000 ELSE 3 + (i * 13) % 120 END,
        'bench:' || ${tenantId} || ':' || lpad(i::text, 10, '0'),
        (now() AT TIME ZONE 'UTC') - make_interval(secs => (365 * 86400)::double precision * (1 - i::double precision / ${rows}))
      FROM generate_series(${start}::bigint, ${end}::bigint) AS i`;
    bar(end + 1 - have, total, startedAt);
  }
  process.stderr.write(`\n  generated in ${((performance.now() - startedAt) / 1000).toFixed(1)} s\n`);
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function lastDays(days: number): DateRange {
  const today = startOfUtcDay(new Date());
  return parseDayRange(new Date(today.getTime() - (days - 1) * DAY_MS_UTC).toISOString().slice(0, 10), today.toISOString().slice(0, 10));
}

try {
  await seedPrices(system);
  const tenantId = await benchTenant();
  const have = await system.usageEvent.count({ where: { tenantId } });
  await generate(tenantId, have);
  process.stderr.write('rolling up…\n');
  const rollStart = performance.now();
  await system.$executeRaw`ANALYZE "UsageEvent"`;
  const rolled = await rollupUsage(db, { tenantId, since: new Date(Date.now() - 400 * DAY_MS_UTC) });
  process.stderr.write(`  ${rolled.groups.toLocaleString()} rollup groups in ${((performance.now() - rollStart) / 1000).toFixed(1)} s\n`);
  const total = await system.usageEvent.count({ where: { tenantId } });
  console.log(`\nReports for ${total.toLocaleString()} ledger rows (median of ${runs} runs, ms)\n`);
  console.log(`${'report'.padEnd(34)}${'rollups'.padStart(10)}${'ledger'.padStart(10)}`);
  const timings: Record<string, number> = {};
  for (const [name, days] of [
    ['spend, last 7 days', 7],
    ['spend, last 30 days', 30],
    ['spend, last 365 days', 365],
  ] as const) {
    const range = lastDays(days);
    const fromRollups = await time(() => spendReport(db, tenantId, range));
    const fromLedger = await time(() => spendReport(db, tenantId, range, { source: 'ledger' }));
    timings[`report_${days}d_rollups_ms`] = +fromRollups.toFixed(1);
    timings[`report_${days}d_ledger_ms`] = +fromLedger.toFixed(1);
    const ok = fromRollups < 200 ? 'ok' : 'over 200 ms';
    console.log(`${name.padEnd(34)}${fromRollups.toFixed(1).padStart(10)}${fromLedger.toFixed(1).padStart(10)}   ${ok}`);
  }
  const month = lastDays(30);
  console.log(
    `${'cost per ticket, 30 days (ledger)'.padEnd(34)}${'—'.padStart(10)}${(await time(() => ticketCosts(db, tenantId, month))).toFixed(1).padStart(10)}`,
  );
  const a = await spendReport(db, tenantId, lastDays(365));
  const b = await spendReport(db, tenantId, lastDays(365), { source: 'ledger' });
  console.log(
    `\n365-day total: rollups ${a.totals.costMicros} µ$, ledger ${b.totals.costMicros} µ$ (${a.totals.costMicros === b.totals.costMicros ? 'equal' : 'DIFFERENT'})`,
  );
  console.log(
    `RESULT ${JSON.stringify({ ledger_rows: total, ...timings, rollups_equal_ledger: a.totals.costMicros === b.totals.costMicros })}`,
  );
} finally {
  await db.$disconnect();
  await system.$disconnect();
}

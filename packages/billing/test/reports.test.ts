import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@helpdesk/db';
import {
  budgetStatus,
  DAY_MS_UTC,
  parseDayRange,
  platformSpend,
  recordUsage,
  rollupUsage,
  spendCsv,
  spendReport,
  startOfUtcDay,
  ticketCosts,
  usageGroups,
  type DateRange,
} from '@helpdesk/billing';
import { billingDatabase, makeTenant, seeded, type BillingTestContext } from './helpers';

let ctx: BillingTestContext;
let a: string;
let b: string;
let range: DateRange;
const today = startOfUtcDay(new Date());

const MODELS = [
  { model: 'qwen2.5-7b-instruct', provider: 'LOCAL' as const },
  { model: 'claude-haiku-4-5', provider: 'CLOUD' as const },
  { model: 'claude-sonnet-4-6', provider: 'CLOUD' as const },
];
const FEATURES = ['TRIAGE', 'RETRIEVAL', 'DRAFT', 'SUMMARY', 'ESCALATED_DRAFT'] as const;

async function history(db: Db, tenantId: string, seed: number, calls: number, ticketIds: string[]): Promise<void> {
  const r = seeded(seed);
  for (let i = 0; i < calls; i++) {
    const feature = r.pick(FEATURES);
    const m = feature === 'ESCALATED_DRAFT' ? MODELS[r.int(1, 2)]! : feature === 'SUMMARY' ? r.pick(MODELS) : MODELS[0]!;
    // Spread over the last 40 days, today included, at any second of the day.
    const occurredAt = new Date(today.getTime() - r.int(0, 39) * DAY_MS_UTC + r.int(0, 86_399) * 1000);
    await recordUsage(db, {
      tenantId,
      ticketId: r.next() < 0.85 ? r.pick(ticketIds) : null,
      feature,
      ...m,
      tokensIn: r.int(1, 3000),
      tokensOut: r.int(0, 800),
      cacheReadTokens: m.provider === 'CLOUD' ? r.int(0, 2000) : 0,
      cacheWriteTokens: m.provider === 'CLOUD' && r.next() < 0.2 ? r.int(0, 2000) : 0,
      durationMs: r.int(100, 20_000),
      computeMs: m.provider === 'LOCAL' ? r.int(100, 20_000) : 0,
      ...(m.provider === 'LOCAL' && (feature === 'TRIAGE' || feature === 'DRAFT')
        ? { cloudTokensIn: r.int(1, 3000), cloudTokensOut: r.int(0, 800) }
        : {}),
      idempotencyKey: `${tenantId}:${i}`,
      occurredAt: occurredAt > new Date() ? new Date() : occurredAt,
    });
  }
}

async function ledgerSum(tenantId: string, r: DateRange): Promise<bigint> {
  const agg = await ctx.db.usageEvent.aggregate({ where: { tenantId, occurredAt: { gte: r.from, lt: r.to } }, _sum: { costMicros: true } });
  return agg._sum.costMicros ?? 0n;
}

async function tickets(tenantId: string, count: number): Promise<string[]> {
  const customer = await ctx.db.customer.create({ data: { tenantId, email: `c-${tenantId}@example.test`, name: 'C' } });
  const ids: string[] = [];
  for (let i = 1; i <= count; i++) {
    const t = await ctx.db.ticket.create({
      data: { tenantId, number: i, subject: `Ticket ${i}`, channel: 'EMAIL', customerId: customer.id },
    });
    ids.push(t.id);
  }
  return ids;
}

beforeAll(async () => {
  ctx = await billingDatabase();
  a = (await makeTenant(ctx.db, 'Tenant A')).id;
  b = (await makeTenant(ctx.db, 'Tenant B')).id;
  await history(ctx.db, a, 1, 260, await tickets(a, 12));
  await history(ctx.db, b, 2, 120, await tickets(b, 5));
  // The repeatable job's normal pass: the last two days.
  await rollupUsage(ctx.db);
  range = parseDayRange(new Date(today.getTime() - 45 * DAY_MS_UTC).toISOString().slice(0, 10), today.toISOString().slice(0, 10));
}, 180_000);

afterAll(async () => {
  await ctx?.drop();
});

describe('rollups', () => {
  it('equal the raw aggregates over the ledger, group for group', async () => {
    for (const t of [a, b]) {
      expect(await usageGroups(ctx.db, t, range, 'auto')).toEqual(await usageGroups(ctx.db, t, range, 'ledger'));
    }
    const rolled = await ctx.db.usageDailyRollup.count({ where: { tenantId: a, day: { lt: new Date(today.getTime() - DAY_MS_UTC) } } });
    expect(rolled).toBeGreaterThan(0);
  });

  it('recomputing is idempotent', async () => {
    const before = await ctx.db.usageDailyRollup.findMany({
      where: { tenantId: a },
      orderBy: [{ day: 'asc' }, { feature: 'asc' }, { model: 'asc' }],
    });
    await rollupUsage(ctx.db, { since: range.from });
    await rollupUsage(ctx.db, { since: range.from });
    const after = await ctx.db.usageDailyRollup.findMany({
      where: { tenantId: a },
      orderBy: [{ day: 'asc' }, { feature: 'asc' }, { model: 'asc' }],
    });
    expect(after.map(({ updatedAt: _u, ...r }) => r)).toEqual(before.map(({ updatedAt: _u, ...r }) => r));
  });

  it('a call recorded late for an old day shows up in reports at once', async () => {
    const old = new Date(today.getTime() - 20 * DAY_MS_UTC + 3600_000);
    const before = (await spendReport(ctx.db, a, range)).totals.costMicros;
    const row = await recordUsage(ctx.db, {
      tenantId: a,
      feature: 'ESCALATED_DRAFT',
      model: 'claude-sonnet-4-6',
      provider: 'CLOUD',
      tokensIn: 5000,
      tokensOut: 1000,
      durationMs: 1,
      idempotencyKey: 'late-one',
      occurredAt: old,
    });
    const after = await spendReport(ctx.db, a, range);
    expect(after.totals.costMicros).toBe(before + row.costMicros);
    expect(after.totals.costMicros).toBe(await ledgerSum(a, range));
  });
});

describe('spend report', () => {
  it('totals equal the ledger sum exactly, and every breakdown adds up to it', async () => {
    const report = await spendReport(ctx.db, a, range);
    const total = await ledgerSum(a, range);
    expect(total).toBeGreaterThan(0n);
    expect(report.totals.costMicros).toBe(total);
    expect(report.totals.localMicros + report.totals.cloudMicros).toBe(total);
    expect(report.daily.reduce((s, d) => s + d.totalMicros, 0n)).toBe(total);
    expect(report.weekly.reduce((s, d) => s + d.costMicros, 0n)).toBe(total);
    expect(report.monthly.reduce((s, d) => s + d.costMicros, 0n)).toBe(total);
    expect(report.byFeature.reduce((s, d) => s + d.costMicros, 0n)).toBe(total);
    expect(report.byModel.reduce((s, d) => s + d.costMicros, 0n)).toBe(total);
    const cloud = await ctx.db.usageEvent.aggregate({
      where: { tenantId: a, provider: 'CLOUD', occurredAt: { gte: range.from, lt: range.to } },
      _sum: { costMicros: true },
    });
    expect(report.totals.cloudMicros).toBe(cloud._sum.costMicros);
    expect(report.daily).toHaveLength(46);
  });

  it('a narrower range counts only its days', async () => {
    const week = parseDayRange(
      new Date(today.getTime() - 10 * DAY_MS_UTC).toISOString().slice(0, 10),
      new Date(today.getTime() - 4 * DAY_MS_UTC).toISOString().slice(0, 10),
    );
    expect((await spendReport(ctx.db, a, week)).totals.costMicros).toBe(await ledgerSum(a, week));
  });

  it('escalation rate is tickets drafted by the cloud over all drafted tickets, each ticket once', async () => {
    const report = await spendReport(ctx.db, a, range);
    const [marks] = await ctx.db.$queryRaw<{ local: bigint; cloud: bigint }[]>`
      SELECT count(*) FILTER (WHERE "feature" = 'DRAFT')::bigint AS local, count(*) FILTER (WHERE "feature" = 'ESCALATED_DRAFT')::bigint AS cloud
      FROM "UsageEvent" WHERE "tenantId" = ${a} AND "counterfactualKind" = 'DRAFT' AND "occurredAt" >= ${range.from} AND "occurredAt" < ${range.to}`;
    expect(report.escalation.escalated).toBe(marks!.cloud);
    expect(report.escalation.drafts).toBe(marks!.local);
    expect(report.escalation.escalated + report.escalation.drafts).toBeLessThanOrEqual(12n);
    expect(report.escalation.ratePercent).toBeCloseTo((Number(marks!.cloud) / Number(marks!.local + marks!.cloud)) * 100, 1);
  });

  it('prices the marked all-cloud calls at the chosen cloud model for the counterfactual', async () => {
    const report = await spendReport(ctx.db, a, range, { compareModel: 'claude-haiku-4-5' });
    // Per day: marked cloud rows at their real tokens, marked local rows at their cloud-equivalent tokens.
    const days = await ctx.db.$queryRaw<{ micros: bigint }[]>`
      SELECT ((sum(CASE WHEN "provider" = 'CLOUD' THEN "tokensIn" ELSE "cloudTokensIn" END)::numeric * 1000000
        + sum(CASE WHEN "provider" = 'CLOUD' THEN "tokensOut" ELSE "cloudTokensOut" END)::numeric * 5000000
        + sum(CASE WHEN "provider" = 'CLOUD' THEN "cacheWriteTokens" ELSE 0 END)::numeric * 1250000
        + sum(CASE WHEN "provider" = 'CLOUD' THEN "cacheReadTokens" ELSE 0 END)::numeric * 100000) / 1000000 + 0.5)::numeric(30,6) AS micros
      FROM "UsageEvent" WHERE "tenantId" = ${a} AND "counterfactualKind" IS NOT NULL AND "occurredAt" >= ${range.from} AND "occurredAt" < ${range.to}
      GROUP BY ("occurredAt")::date`;
    const expected = days.reduce((s, d) => s + BigInt(String(d.micros).split('.')[0]!), 0n);
    expect(expected).toBeGreaterThan(0n);
    expect(report.counterfactual.costMicros).toBe(expected);
    expect(report.counterfactual.savingsMicros).toBe(expected - report.totals.costMicros);
    expect(report.counterfactual.triageCalls).toBeLessThanOrEqual(12n);
    expect(report.counterfactual.draftCalls).toBeLessThanOrEqual(12n);
    const sonnet = await spendReport(ctx.db, a, range, { compareModel: 'claude-sonnet-4-6' });
    expect(sonnet.counterfactual.costMicros).toBeGreaterThan(report.counterfactual.costMicros);
    await expect(spendReport(ctx.db, a, range, { compareModel: 'nope' })).rejects.toMatchObject({ field: 'compareModel' });
  });

  it('cost per ticket and the most expensive tickets come from the ledger', async () => {
    const costs = await ticketCosts(ctx.db, a, range, 3);
    const [top] = await ctx.db.$queryRaw<{ ticketId: string; micros: bigint }[]>`
      SELECT "ticketId", sum("costMicros")::bigint AS micros FROM "UsageEvent"
      WHERE "tenantId" = ${a} AND "ticketId" IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1`;
    expect(costs.mostExpensive[0]).toMatchObject({ ticketId: top!.ticketId, costMicros: top!.micros });
    expect(costs.mostExpensive[0]!.subject).toMatch(/^Ticket \d+$/);
    expect(costs.tickets).toBe(12n);
  });
});

describe('tenant isolation', () => {
  it("each tenant's report holds only its own calls; the platform view lists both", async () => {
    const ra = await spendReport(ctx.db, a, range);
    const rb = await spendReport(ctx.db, b, range);
    expect(rb.totals.costMicros).toBe(await ledgerSum(b, range));
    expect(rb.totals.calls).toBe(
      BigInt(await ctx.db.usageEvent.count({ where: { tenantId: b, occurredAt: { gte: range.from, lt: range.to } } })),
    );
    expect((await ticketCosts(ctx.db, b, range)).mostExpensive.every((t) => t.subject?.startsWith('Ticket'))).toBe(true);
    expect((await ticketCosts(ctx.db, b, range)).tickets).toBe(5n);
    expect(ra.totals.costMicros + rb.totals.costMicros).toBe((await ledgerSum(a, range)) + (await ledgerSum(b, range)));
  });

  it('the platform view needs a platform admin and sums each tenant', async () => {
    await expect(platformSpend(ctx.db as never, { platformAdmin: false }, range)).rejects.toMatchObject({ status: 403 });
    const rows = await platformSpend(ctx.db as never, { platformAdmin: true }, range);
    expect(rows.find((r) => r.tenantId === a)?.costMicros).toBe(await ledgerSum(a, range));
    expect(rows.find((r) => r.tenantId === b)?.costMicros).toBe(await ledgerSum(b, range));
  });
});

describe('budget status', () => {
  it("uses the Budget row when there is one, else the month's cloud spend from the ledger", async () => {
    const period = new Date().toISOString().slice(0, 7);
    const monthStart = new Date(`${period}-01T00:00:00Z`);
    const cloud = await ctx.db.usageEvent.aggregate({
      where: { tenantId: b, provider: 'CLOUD', occurredAt: { gte: monthStart } },
      _sum: { costMicros: true },
    });
    const fromLedger = await budgetStatus(ctx.db, b);
    expect(fromLedger).toMatchObject({ period, hasBudgetRow: false, spentMicros: cloud._sum.costMicros ?? 0n, limitMicros: 50_000_000n });
    await ctx.db.budget.create({ data: { tenantId: b, period, limitMicros: 1_000_000n, spentMicros: 250_000n, reservedMicros: 125_000n } });
    expect(await budgetStatus(ctx.db, b)).toMatchObject({
      hasBudgetRow: true,
      spentMicros: 250_000n,
      reservedMicros: 125_000n,
      usedPercent: 37.5,
    });
  });
});

describe('CSV export', () => {
  it('sums to the report total to the micro-dollar', async () => {
    const report = await spendReport(ctx.db, a, range);
    const lines = spendCsv(report)
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    const header = lines[0]!;
    const cost = header.indexOf('cost_usd');
    const toMicros = (s: string) => BigInt(s.replace('.', ''));
    const body = lines.slice(1, -1);
    const totalLine = lines.at(-1)!;
    expect(totalLine[0]).toBe('TOTAL');
    expect(body.reduce((s, l) => s + toMicros(l[cost]!), 0n)).toBe(report.totals.costMicros);
    expect(toMicros(totalLine[cost]!)).toBe(report.totals.costMicros);
    expect(BigInt(totalLine[header.indexOf('calls')]!)).toBe(report.totals.calls);
  });
});

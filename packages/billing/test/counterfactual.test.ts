import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDayRange, recordUsage, spendReport, startOfUtcDay, DAY_MS_UTC, type DateRange, type UsageInput } from '@helpdesk/billing';
import { billingDatabase, makeTenant, type BillingTestContext } from './helpers';

let ctx: BillingTestContext;
let n = 0;
const key = () => `cf-${++n}`;
const today = startOfUtcDay(new Date());
// Sonnet 4.6 list prices in micro-dollars per MTok (prisma/seed-prices.ts).
const SONNET = { input: 3_000_000n, output: 15_000_000n, cacheWrite: 3_750_000n, cacheRead: 300_000n };
const micros = (t: { in: number; out: number; cw?: number; cr?: number }) =>
  BigInt(t.in) * SONNET.input +
  BigInt(t.out) * SONNET.output +
  BigInt(t.cw ?? 0) * SONNET.cacheWrite +
  BigInt(t.cr ?? 0) * SONNET.cacheRead;
const roundOnce = (numerator: bigint) => (numerator * 2n + 1_000_000n) / 2_000_000n;

async function ticket(tenantId: string, number: number): Promise<string> {
  const customer = await ctx.db.customer.create({ data: { tenantId, email: `c${number}-${tenantId}@example.test` } });
  return (await ctx.db.ticket.create({ data: { tenantId, number, subject: `T${number}`, channel: 'EMAIL', customerId: customer.id } })).id;
}

beforeAll(async () => {
  ctx = await billingDatabase();
}, 60_000);
afterAll(async () => {
  await ctx?.drop();
});

describe('all-cloud counterfactual', () => {
  let tenantId: string;
  let t1: string;
  let t2: string;
  let range: DateRange;
  const local = (over: Partial<UsageInput>): UsageInput => ({
    tenantId,
    feature: 'TRIAGE',
    model: 'qwen2.5-7b-instruct',
    provider: 'LOCAL',
    tokensIn: 900,
    tokensOut: 80,
    durationMs: 4000,
    idempotencyKey: key(),
    ...over,
  });
  const cloud = (over: Partial<UsageInput>): UsageInput => ({
    tenantId,
    feature: 'ESCALATED_DRAFT',
    model: 'claude-haiku-4-5',
    provider: 'CLOUD',
    tokensIn: 0,
    tokensOut: 0,
    durationMs: 3000,
    idempotencyKey: key(),
    ...over,
  });

  beforeAll(async () => {
    tenantId = (await makeTenant(ctx.db, 'Counterfactual Co')).id;
    t1 = await ticket(tenantId, 1);
    t2 = await ticket(tenantId, 2);
    range = parseDayRange(new Date(today.getTime() - 9 * DAY_MS_UTC).toISOString().slice(0, 10), today.toISOString().slice(0, 10));
    // Five days ago, so the figure also has to come through the rollups.
    const at = new Date(today.getTime() - 5 * DAY_MS_UTC + 3_600_000);
    // Ticket 1: local triage and local draft.
    await recordUsage(ctx.db, local({ ticketId: t1, cloudTokensIn: 1000, cloudTokensOut: 100, occurredAt: at }));
    await recordUsage(ctx.db, local({ ticketId: t1, feature: 'DRAFT', cloudTokensIn: 2000, cloudTokensOut: 300, occurredAt: at }));
    // Ticket 2: local triage, then a cloud draft (haiku) that really ran: it counts at its real tokens.
    await recordUsage(ctx.db, local({ ticketId: t2, cloudTokensIn: 1200, cloudTokensOut: 110 }));
    await recordUsage(
      ctx.db,
      cloud({ ticketId: t2, tokensIn: 1500, tokensOut: 400, cacheReadTokens: 1100, reason: 'confidence below threshold' }),
    );
  });

  it('prices exactly one triage and one draft call per ticket at the chosen model', async () => {
    const report = await spendReport(ctx.db, tenantId, range);
    expect(report.counterfactual.model).toBe('claude-sonnet-4-6');
    expect(report.counterfactual.triageCalls).toBe(2n);
    expect(report.counterfactual.draftCalls).toBe(2n);
    // One rounding per day: ticket 1's two calls fall on one day, ticket 2's on today.
    const dayOfT1 = roundOnce(micros({ in: 1000, out: 100 }) + micros({ in: 2000, out: 300 }));
    const today2 = roundOnce(micros({ in: 1200, out: 110 }) + micros({ in: 1500, out: 400, cr: 1100 }));
    expect(report.counterfactual.costMicros).toBe(dayOfT1 + today2);
    expect(report.perTicket.tickets).toBe(2n);
    const spent = await ctx.db.usageEvent.aggregate({
      where: { tenantId, occurredAt: { gte: range.from, lt: range.to } },
      _sum: { costMicros: true },
    });
    expect(report.perTicket.costMicros).toBe(roundOnce((spent._sum.costMicros ?? 0n) * 500_000n));
    expect(report.escalation).toMatchObject({ drafts: 1n, escalated: 1n, ratePercent: 50 });
    expect((await spendReport(ctx.db, tenantId, range, { source: 'ledger' })).counterfactual).toEqual(report.counterfactual);
  });

  it('embeddings, retrieval, summaries, retries, failed attempts, fallbacks and later drafts do not change it', async () => {
    const before = (await spendReport(ctx.db, tenantId, range)).counterfactual;
    const spendBefore = (await spendReport(ctx.db, tenantId, range)).totals.costMicros;
    await recordUsage(ctx.db, local({ feature: 'EMBEDDING', model: 'nomic-embed-text-v1.5', tokensIn: 50_000, tokensOut: 0 }));
    await recordUsage(ctx.db, local({ ticketId: t1, feature: 'RETRIEVAL', model: 'nomic-embed-text-v1.5', tokensIn: 300, tokensOut: 0 }));
    await recordUsage(ctx.db, local({ ticketId: t1, feature: 'SUMMARY', tokensIn: 3000, tokensOut: 200 }));
    // A retried triage job records under its first key: no second row.
    const triage = local({ ticketId: t1, cloudTokensIn: 1000, cloudTokensOut: 100 });
    await recordUsage(ctx.db, triage);
    await recordUsage(ctx.db, { ...triage, attempt: 2 });
    // Ticket 2's next version: a cloud attempt that failed, then the local fallback draft.
    await recordUsage(ctx.db, cloud({ ticketId: t2, tokensIn: 1500, tokensOut: 40, reason: 'failed: overloaded' }));
    await recordUsage(ctx.db, local({ ticketId: t2, feature: 'DRAFT', cloudTokensIn: 1900, cloudTokensOut: 250 }));
    // A later local draft of ticket 1 (the customer wrote again).
    await recordUsage(ctx.db, local({ ticketId: t1, feature: 'DRAFT', cloudTokensIn: 2500, cloudTokensOut: 280 }));
    const after = await spendReport(ctx.db, tenantId, range);
    expect(after.totals.costMicros).toBeGreaterThan(spendBefore);
    expect(after.counterfactual.costMicros).toBe(before.costMicros);
    expect(after.counterfactual.triageCalls).toBe(2n);
    expect(after.counterfactual.draftCalls).toBe(2n);
  });

  it('concurrent draft calls of one ticket mark exactly one of them, and every call is recorded', async () => {
    const t3 = await ticket(tenantId, 3);
    const rows = await Promise.all(
      Array.from({ length: 6 }, () =>
        recordUsage(ctx.db, local({ ticketId: t3, feature: 'DRAFT', cloudTokensIn: 700, cloudTokensOut: 90 })),
      ),
    );
    expect(new Set(rows.map((r) => r.id)).size).toBe(6);
    expect(rows.filter((r) => r.counterfactualKind === 'DRAFT')).toHaveLength(1);
    expect(await ctx.db.usageEvent.count({ where: { tenantId, ticketId: t3 } })).toBe(6);
  });
});

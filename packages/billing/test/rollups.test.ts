import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DAY_MS_UTC, parseDayRange, recordUsage, rollupUsage, startOfUtcDay, usageGroups, type UsageInput } from '@helpdesk/billing';
import { billingDatabase, makeTenant, type BillingTestContext } from './helpers';

let ctx: BillingTestContext;
let n = 0;
const today = startOfUtcDay(new Date());
const dayOf = (daysBack: number) => new Date(today.getTime() - daysBack * DAY_MS_UTC);
const iso = (d: Date) => d.toISOString().slice(0, 10);

const call = (tenantId: string, over: Partial<UsageInput> = {}): UsageInput => ({
  tenantId,
  feature: 'ESCALATED_DRAFT',
  model: 'claude-haiku-4-5',
  provider: 'CLOUD',
  tokensIn: 1000,
  tokensOut: 100,
  durationMs: 1000,
  idempotencyKey: `r-${++n}`,
  ...over,
});

async function rollupOf(tenantId: string, day: Date) {
  return ctx.db.usageDailyRollup.findMany({ where: { tenantId, day } });
}

async function ledgerByDay(tenantId: string): Promise<Map<string, { calls: bigint; micros: bigint }>> {
  const rows = await ctx.db.$queryRaw<{ day: Date; calls: bigint; micros: bigint }[]>`
    SELECT ("occurredAt")::date AS day, count(*)::bigint AS calls, sum("costMicros")::bigint AS micros
    FROM "UsageEvent" WHERE "tenantId" = ${tenantId} GROUP BY 1`;
  return new Map(rows.map((r) => [iso(r.day), { calls: r.calls, micros: r.micros }]));
}

async function rollupByDay(tenantId: string): Promise<Map<string, { calls: bigint; micros: bigint }>> {
  const rows = await ctx.db.$queryRaw<{ day: Date; calls: bigint; micros: bigint }[]>`
    SELECT "day", sum("calls")::bigint AS calls, sum("costMicros")::bigint AS micros
    FROM "UsageDailyRollup" WHERE "tenantId" = ${tenantId} GROUP BY 1`;
  return new Map(rows.map((r) => [iso(r.day), { calls: r.calls, micros: r.micros }]));
}

beforeAll(async () => {
  ctx = await billingDatabase();
}, 60_000);
afterAll(async () => {
  await ctx?.drop();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('rollups', () => {
  it('a call stamped exactly 00:00:00 lands in its own day', async () => {
    const tenantId = (await makeTenant(ctx.db, 'Midnight Co')).id;
    const midnight = dayOf(10);
    const row = await recordUsage(ctx.db, call(tenantId, { occurredAt: midnight }));
    const rolled = await rollupOf(tenantId, midnight);
    expect(rolled).toHaveLength(1);
    expect(rolled[0]).toMatchObject({ calls: 1, costMicros: row.costMicros });
    expect(await rollupOf(tenantId, dayOf(11))).toHaveLength(0);
    // And a scheduled-style run over an explicit window ending that day agrees.
    await rollupUsage(ctx.db, { tenantId, since: midnight, until: midnight });
    expect((await rollupOf(tenantId, midnight))[0]).toMatchObject({ calls: 1, costMicros: row.costMicros });
  });

  it("a late call 10 days back changes that day's rollup, also when a crash kept its first write from refreshing it", async () => {
    const tenantId = (await makeTenant(ctx.db, 'Late Co')).id;
    const day = dayOf(10);
    const first = await recordUsage(ctx.db, call(tenantId, { occurredAt: new Date(day.getTime() + 9 * 3_600_000) }));
    expect((await rollupOf(tenantId, day))[0]).toMatchObject({ calls: 1, costMicros: first.costMicros });
    // A writer that died between its insert and the refresh leaves the row without its rollup...
    const late = call(tenantId, { occurredAt: new Date(day.getTime() + 15 * 3_600_000), tokensIn: 5000 });
    await ctx.db.usageEvent.create({
      data: {
        id: 'crashed-writer',
        tenantId,
        feature: 'ESCALATED_DRAFT',
        model: 'claude-haiku-4-5',
        provider: 'CLOUD',
        tokensIn: 5000,
        tokensOut: 100,
        durationMs: 1000,
        costMicros: 5500n,
        idempotencyKey: late.idempotencyKey,
        occurredAt: late.occurredAt!,
      },
    });
    expect((await rollupOf(tenantId, day))[0]!.calls).toBe(1);
    // ...and the job's retry, which finds the row already written, refreshes the day.
    await recordUsage(ctx.db, late);
    expect((await rollupOf(tenantId, day))[0]).toMatchObject({ calls: 2, costMicros: first.costMicros + 5500n });
  });

  it('after an ops outage of five days, one run makes the rollups equal the ledger', async () => {
    const tenantId = (await makeTenant(ctx.db, 'Outage Co')).id;
    vi.useFakeTimers({ toFake: ['Date'] });
    // The last scheduled run happened six days ago...
    vi.setSystemTime(new Date(dayOf(6).getTime() + 12 * 3_600_000));
    await recordUsage(ctx.db, call(tenantId));
    await rollupUsage(ctx.db);
    // ...then calls kept being recorded on time every day while no run happened.
    for (let back = 6; back >= 1; back--) {
      for (const hour of [0, 8, 23]) {
        vi.setSystemTime(new Date(dayOf(back).getTime() + hour * 3_600_000 + 1_000));
        await recordUsage(ctx.db, call(tenantId, { tokensIn: 100 * back + hour }));
      }
    }
    vi.useRealTimers();
    await rollupUsage(ctx.db);
    const ledger = await ledgerByDay(tenantId);
    expect(ledger.size).toBe(6);
    expect(await rollupByDay(tenantId)).toEqual(ledger);
    const range = parseDayRange(iso(dayOf(8)), iso(today));
    expect(await usageGroups(ctx.db, tenantId, range, 'auto')).toEqual(await usageGroups(ctx.db, tenantId, range, 'ledger'));
  });
});

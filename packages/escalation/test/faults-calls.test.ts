import { describe, expect, it } from 'vitest';
import { recordUsage } from '@helpdesk/billing';
import { reserve } from '../src/budget';
import { attemptKeys, sweepAbandonedHolds } from '../src/call-keys';
import { routeDraft } from '../src/draft-router';
import { CLOUD_DRAFT_CALL, makeTenant, makeTicket } from './fixtures';
import { draftContext, useDraftWorld } from './world';

const w = useDraftWorld();

const escalatedTicket = async (tenantId: string) => (await makeTicket(w.db, tenantId, { confidence: 0.41 })).ticket;

describe('a stalled draft job re-run', () => {
  it("records its own cloud call next to the crashed run's, under the same BullMQ attempt", async () => {
    const tenant = await makeTenant(w.db);
    const ticket = await escalatedTicket(tenant.id);
    const c = draftContext(w, tenant.id, ticket.id, { attempt: 1 });
    // The first run of attempt 1 reserved, made a billed call, recorded it, and its worker was SIGKILLed before
    // it stored the draft or settled. BullMQ's stall checker re-runs the job with attemptsMade unchanged.
    const crashed = attemptKeys(c.jobId, 1);
    expect((await reserve(w.db, tenant.id, crashed.hold, 50_000n)).ok).toBe(true);
    const crashedCall = await recordUsage(w.db, {
      ...CLOUD_DRAFT_CALL,
      tenantId: tenant.id,
      ticketId: ticket.id,
      idempotencyKey: crashed.call(1),
      jobId: c.jobId,
      attempt: 1,
    });

    const { draft } = await routeDraft(c);
    const rows = await w.db.usageEvent.findMany({ where: { tenantId: tenant.id }, orderBy: { occurredAt: 'asc' } });
    const budget = await w.db.budget.findFirstOrThrow({ where: { tenantId: tenant.id } });
    const holds = await w.db.budgetReservation.findMany({ where: { tenantId: tenant.id } });
    console.log(
      `[fault] injected: a run of attempt 1 that recorded 1 cloud call and died before settling; counted: real calls by the re-run ${w.fake.requests().length}, ledger rows ${rows.length}, holds ${holds.map((h) => h.status).join('/')}, reserved ${budget.reservedMicros}, spent ${budget.spentMicros}; lost ${2 - rows.length}`,
    );
    expect(draft.source).toBe('CLOUD');
    expect(w.fake.requests()).toHaveLength(1);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.attempt === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.idempotencyKey)).size).toBe(2);
    expect(holds.map((h) => h.status).sort()).toEqual(['SETTLED', 'SETTLED']);
    expect(holds.find((h) => h.key === crashed.hold)?.settledMicros).toBe(crashedCall.costMicros);
    expect(budget.reservedMicros).toBe(0n);
    expect(budget.spentMicros).toBe(rows.reduce((sum, r) => sum + r.costMicros, 0n));
  });

  it('keeps one ledger row when the same run records the same call twice', async () => {
    const tenant = await makeTenant(w.db);
    const ticket = await escalatedTicket(tenant.id);
    const keys = attemptKeys(`draft-${ticket.id}-v1`, 1, 'fixedrun');
    const input = { ...CLOUD_DRAFT_CALL, tenantId: tenant.id, ticketId: ticket.id, idempotencyKey: keys.call(1) };
    const first = await recordUsage(w.db, input);
    const second = await recordUsage(w.db, input);
    expect(second.id).toBe(first.id);
    expect(await w.db.usageEvent.count({ where: { tenantId: tenant.id } })).toBe(1);
  });
});

describe('sweepAbandonedHolds', () => {
  it('settles or releases holds of jobs that will not run again, and leaves live and recent ones', async () => {
    const tenant = await makeTenant(w.db);
    const other = await makeTenant(w.db);
    const hour = 60 * 60_000;
    const make = async (tenantId: string, jobId: string, ageMs: number, billed: boolean) => {
      const keys = attemptKeys(jobId, 3);
      expect((await reserve(w.db, tenantId, keys.hold, 40_000n)).ok).toBe(true);
      await w.db.budgetReservation.updateMany({ where: { tenantId, key: keys.hold }, data: { createdAt: new Date(Date.now() - ageMs) } });
      if (billed) {
        await recordUsage(w.db, { ...CLOUD_DRAFT_CALL, tenantId, durationMs: 900, idempotencyKey: keys.call(1) });
      }
      return keys.hold;
    };
    const failedBilled = await make(tenant.id, 'draft-failed-billed-v1', hour, true);
    const failedUnbilled = await make(other.id, 'draft-failed-unbilled-v1', hour, false);
    const stillQueued = await make(tenant.id, 'draft-still-queued-v1', hour, false);
    const recent = await make(tenant.id, 'draft-recent-v1', 60_000, false);

    const result = await sweepAbandonedHolds(w.systemDb, w.db, {
      olderThanMs: 15 * 60_000,
      jobMayRun: async (jobId) => jobId === 'draft-still-queued-v1',
    });
    const status = async (tenantId: string, key: string) =>
      (await w.db.budgetReservation.findFirstOrThrow({ where: { tenantId, key } })).status;
    const budgets = await w.systemDb.budget.findMany({ where: { tenantId: { in: [tenant.id, other.id] } } });
    const ledger = await w.db.usageEvent.aggregate({ where: { tenantId: tenant.id }, _sum: { costMicros: true } });
    console.log(
      `[fault] injected: 4 HELD holds (failed job billed, failed job unbilled, job still queued, 1 min old); counted: ${JSON.stringify(result)}`,
    );
    expect(result).toEqual({ settled: 1, released: 1, skipped: 1 });
    expect(await status(tenant.id, failedBilled)).toBe('SETTLED');
    expect(await status(other.id, failedUnbilled)).toBe('RELEASED');
    expect(await status(tenant.id, stillQueued)).toBe('HELD');
    expect(await status(tenant.id, recent)).toBe('HELD');
    const mine = budgets.find((b) => b.tenantId === tenant.id)!;
    expect(mine.reservedMicros).toBe(80_000n);
    expect(mine.spentMicros).toBe(ledger._sum.costMicros);
    expect(budgets.find((b) => b.tenantId === other.id)!.reservedMicros).toBe(0n);
  });
});

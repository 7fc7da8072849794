import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError, type Actor } from '@helpdesk/db';
import { addPrice, estimateMaxCost, parseDayRange, recordUsage, setLocalComputePrice, spendReport } from '@helpdesk/billing';
import { billingDatabase, makeTenant, type BillingTestContext } from './helpers';

let ctx: BillingTestContext;
let tenantId: string;
let admin: Actor;
let n = 0;
const key = () => `test-${++n}-${Math.random()}`;

const cloud = (overrides: Record<string, unknown> = {}) => ({
  tenantId,
  feature: 'ESCALATED_DRAFT' as const,
  model: 'claude-haiku-4-5',
  provider: 'CLOUD' as const,
  tokensIn: 0,
  tokensOut: 0,
  durationMs: 1000,
  idempotencyKey: key(),
  ...overrides,
});

beforeAll(async () => {
  ctx = await billingDatabase();
  tenantId = (await makeTenant(ctx.db, 'Ledger Co')).id;
  admin = { type: 'USER', id: null, tenantId, role: 'ADMIN' };
});

afterAll(async () => {
  await ctx?.drop();
});

describe('recordUsage pricing', () => {
  it('prices a cloud call from the platform catalog: tokens × per-MTok rates, rounded once', async () => {
    // haiku: $1 in, $5 out, $1.25 cache write, $0.10 cache read per MTok.
    const row = await recordUsage(ctx.db, cloud({ tokensIn: 1000, tokensOut: 500, cacheWriteTokens: 200, cacheReadTokens: 3000 }));
    expect(row.costMicros).toBe(1000n + 2500n + 250n + 300n);
    expect(row.priceId).not.toBeNull();
  });

  it('rounds half up on the final sum only', async () => {
    expect((await recordUsage(ctx.db, cloud({ cacheReadTokens: 5 }))).costMicros).toBe(1n); // 0.5 µ$
    expect((await recordUsage(ctx.db, cloud({ cacheReadTokens: 4 }))).costMicros).toBe(0n); // 0.4 µ$
    // Three parts of 0.4 µ$ each: 1.2 → 1, not 0 + 0 + 0.
    expect((await recordUsage(ctx.db, cloud({ cacheReadTokens: 4, model: 'claude-sonnet-4-6' }))).costMicros).toBe(1n); // 1.2 µ$
  });

  it('prices a local call by compute time at the local model price, else the tenant fallback', async () => {
    const local = { tenantId, feature: 'TRIAGE' as const, provider: 'LOCAL' as const, tokensIn: 400, tokensOut: 50, durationMs: 9000 };
    const hour = await recordUsage(ctx.db, { ...local, model: 'qwen2.5-7b-instruct', computeMs: 3_600_000, idempotencyKey: key() });
    expect(hour.costMicros).toBe(50_000n);
    const half = await recordUsage(ctx.db, { ...local, model: 'qwen2.5-7b-instruct', computeMs: 36, idempotencyKey: key() });
    expect(half.costMicros).toBe(1n);
    await ctx.db.tenant.update({ where: { id: tenantId }, data: { localComputeMicrosPerHour: 72_000n } });
    const unknown = await recordUsage(ctx.db, { ...local, model: 'some-other-local', computeMs: 1_800_000, idempotencyKey: key() });
    expect(unknown.costMicros).toBe(36_000n);
    expect(unknown.priceId).toBeNull();
  });

  it('records an unknown cloud model at cost 0 without a price rather than losing the call', async () => {
    const row = await recordUsage(ctx.db, cloud({ model: 'claude-unknown', tokensIn: 1000 }));
    expect(row.costMicros).toBe(0n);
    expect(row.priceId).toBeNull();
  });

  it('refuses bad input naming the field and writes nothing', async () => {
    const before = await ctx.db.usageEvent.count({ where: { tenantId } });
    await expect(recordUsage(ctx.db, cloud({ tokensIn: -1 }))).rejects.toMatchObject({ field: 'tokensIn', status: 400 });
    await expect(recordUsage(ctx.db, cloud({ feature: 'NOPE' }))).rejects.toBeInstanceOf(ValidationError);
    expect(await ctx.db.usageEvent.count({ where: { tenantId } })).toBe(before);
  });
});

describe('price changes', () => {
  it('a mid-month change applies only from its effective time and never reprices earlier rows', async () => {
    const other = (await makeTenant(ctx.db, 'Override Co')).id;
    const otherAdmin: Actor = { type: 'USER', id: null, tenantId: other, role: 'ADMIN' };
    const now = new Date();
    const change = new Date(now.getTime() + 3_600_000);
    const before = await recordUsage(
      ctx.db,
      cloud({ tenantId: other, model: 'claude-sonnet-4-6', tokensIn: 1_000_000, occurredAt: new Date(now.getTime() + 1_800_000) }),
    );
    expect(before.costMicros).toBe(3_000_000n);
    await addPrice(
      ctx.db,
      { actor: otherAdmin, platformAdmin: false },
      {
        scope: 'tenant',
        model: 'claude-sonnet-4-6',
        provider: 'CLOUD',
        inputPerMTok: '2.5',
        outputPerMTok: '12',
        effectiveFrom: change.toISOString(),
      },
    );
    const stillBefore = await recordUsage(
      ctx.db,
      cloud({ tenantId: other, model: 'claude-sonnet-4-6', tokensIn: 1_000_000, occurredAt: new Date(change.getTime() - 1) }),
    );
    const after = await recordUsage(
      ctx.db,
      cloud({ tenantId: other, model: 'claude-sonnet-4-6', tokensIn: 1_000_000, occurredAt: change }),
    );
    expect(stillBefore.costMicros).toBe(3_000_000n);
    expect(after.costMicros).toBe(2_500_000n);
    const reread = await ctx.db.usageEvent.findFirst({ where: { id: before.id, tenantId: other } });
    expect(reread?.costMicros).toBe(3_000_000n);
    // The override is the other tenant's only.
    const mine = await recordUsage(
      ctx.db,
      cloud({ model: 'claude-sonnet-4-6', tokensIn: 1_000_000, occurredAt: new Date(change.getTime() + 1000) }),
    );
    expect(mine.costMicros).toBe(3_000_000n);
  });

  it('refuses backdated prices, platform edits by tenant admins and edits by agents', async () => {
    const input = {
      scope: 'tenant' as const,
      model: 'claude-haiku-4-5',
      provider: 'CLOUD' as const,
      inputPerMTok: '1',
      effectiveFrom: new Date(Date.now() - 86_400_000).toISOString(),
    };
    await expect(addPrice(ctx.db, { actor: admin, platformAdmin: false }, input)).rejects.toMatchObject({ field: 'effectiveFrom' });
    const future = { ...input, effectiveFrom: new Date(Date.now() + 86_400_000).toISOString() };
    await expect(addPrice(ctx.db, { actor: admin, platformAdmin: false }, { ...future, scope: 'platform' })).rejects.toMatchObject({
      status: 403,
    });
    await expect(addPrice(ctx.db, { actor: { ...admin, role: 'AGENT' }, platformAdmin: false }, future)).rejects.toMatchObject({
      status: 403,
    });
    await expect(addPrice(ctx.db, { actor: admin, platformAdmin: false }, { ...future, inputPerMTok: '1.0000001' })).rejects.toMatchObject({
      field: 'inputPerMTok',
    });
  });

  it('a tenant local compute price applies to local models from its effective time', async () => {
    const t = (await makeTenant(ctx.db, 'Local Co')).id;
    const from = new Date(Date.now() + 60_000);
    await setLocalComputePrice(
      ctx.db,
      { type: 'USER', id: null, tenantId: t, role: 'OWNER' },
      { computePerHour: '0.20', effectiveFrom: from },
    );
    const local = {
      tenantId: t,
      feature: 'DRAFT' as const,
      model: 'qwen2.5-7b-instruct',
      provider: 'LOCAL' as const,
      tokensIn: 1,
      tokensOut: 1,
      durationMs: 1,
      computeMs: 3_600_000,
    };
    expect((await recordUsage(ctx.db, { ...local, idempotencyKey: key(), occurredAt: new Date(from.getTime() - 1) })).costMicros).toBe(
      50_000n,
    );
    expect((await recordUsage(ctx.db, { ...local, idempotencyKey: key(), occurredAt: from })).costMicros).toBe(200_000n);
  });
});

describe('unpriced models and the local fallback price', () => {
  it('flags every call whose model has no catalog price, and the report names those models', async () => {
    const t = (await makeTenant(ctx.db, 'Unpriced Co')).id;
    const local = {
      tenantId: t,
      feature: 'TRIAGE' as const,
      provider: 'LOCAL' as const,
      tokensIn: 1,
      tokensOut: 1,
      durationMs: 1,
      computeMs: 3_600_000,
    };
    const priced = await recordUsage(ctx.db, { ...local, model: 'qwen2.5-7b-instruct', idempotencyKey: key() });
    const mystery = await recordUsage(ctx.db, { ...local, model: 'Qwen2.5-7B-Instruct-Q4_K_M', idempotencyKey: key() });
    await recordUsage(ctx.db, { ...local, model: 'Qwen2.5-7B-Instruct-Q4_K_M', idempotencyKey: key() });
    const unknownCloud = await recordUsage(ctx.db, cloud({ tenantId: t, model: 'claude-unknown', tokensIn: 1000 }));
    expect(priced).toMatchObject({ unpriced: false, costMicros: 50_000n });
    expect(mystery).toMatchObject({ unpriced: true, costMicros: 50_000n });
    expect(unknownCloud).toMatchObject({ unpriced: true, costMicros: 0n, priceId: null });
    const report = await spendReport(ctx.db, t, parseDayRange());
    expect(report.unpriced.calls).toBe(3n);
    expect(report.unpriced.models).toEqual([
      { model: 'Qwen2.5-7B-Instruct-Q4_K_M', provider: 'LOCAL', calls: 2n },
      { model: 'claude-unknown', provider: 'CLOUD', calls: 1n },
    ]);
  });

  it("the tenant's fallback local price applies only from its effective time", async () => {
    const t = (await makeTenant(ctx.db, 'Fallback Co')).id;
    const now = new Date();
    const from = new Date(now.getTime() + 3_600_000);
    await setLocalComputePrice(
      ctx.db,
      { type: 'USER', id: null, tenantId: t, role: 'OWNER' },
      { computePerHour: '0.20', effectiveFrom: from },
      now,
    );
    const local = {
      tenantId: t,
      feature: 'DRAFT' as const,
      model: 'not-in-catalog',
      provider: 'LOCAL' as const,
      tokensIn: 1,
      tokensOut: 1,
      durationMs: 1,
      computeMs: 3_600_000,
    };
    const lastWeek = await recordUsage(ctx.db, { ...local, idempotencyKey: key(), occurredAt: new Date(now.getTime() - 7 * 86_400_000) });
    const beforeChange = await recordUsage(ctx.db, { ...local, idempotencyKey: key(), occurredAt: new Date(from.getTime() - 1) });
    const afterChange = await recordUsage(ctx.db, { ...local, idempotencyKey: key(), occurredAt: from });
    expect([lastWeek.costMicros, beforeChange.costMicros, afterChange.costMicros]).toEqual([50_000n, 50_000n, 200_000n]);
    expect([lastWeek, beforeChange, afterChange].every((r) => r.unpriced)).toBe(true);
    // A second change keeps the first one's history.
    await setLocalComputePrice(
      ctx.db,
      { type: 'USER', id: null, tenantId: t, role: 'OWNER' },
      { computePerHour: '0.30', effectiveFrom: new Date(from.getTime() + 3_600_000) },
      now,
    );
    expect((await recordUsage(ctx.db, { ...local, idempotencyKey: key(), occurredAt: new Date(from.getTime() + 60_000) })).costMicros).toBe(
      200_000n,
    );
    expect((await recordUsage(ctx.db, { ...local, idempotencyKey: key(), occurredAt: new Date(now.getTime() + 1000) })).costMicros).toBe(
      50_000n,
    );
  });
});

describe('idempotency and the append-only ledger', () => {
  it('a retried job recording the same key leaves one row', async () => {
    const input = cloud({ tokensIn: 10, jobId: 'job-1', attempt: 1 });
    const first = await recordUsage(ctx.db, input);
    const retry = await recordUsage(ctx.db, { ...input, attempt: 2, tokensIn: 99 });
    const concurrent = await Promise.all([1, 2, 3, 4].map(() => recordUsage(ctx.db, input)));
    expect(retry.id).toBe(first.id);
    expect(retry.tokensIn).toBe(10);
    expect(new Set(concurrent.map((r) => r.id))).toEqual(new Set([first.id]));
    expect(await ctx.db.usageEvent.count({ where: { tenantId, idempotencyKey: input.idempotencyKey } })).toBe(1);
  });

  it('another tenant cannot reuse a key nor read the row behind it', async () => {
    const input = cloud({ tokensIn: 10 });
    await recordUsage(ctx.db, input);
    const other = (await makeTenant(ctx.db, 'Key Thief')).id;
    await expect(recordUsage(ctx.db, { ...input, tenantId: other })).rejects.toBeInstanceOf(ConflictError);
  });

  it('refuses updates and deletes of ledger rows', async () => {
    const row = await recordUsage(ctx.db, cloud({ tokensIn: 10 }));
    await expect(ctx.db.usageEvent.update({ where: { id: row.id, tenantId }, data: { costMicros: 0n } })).rejects.toThrow(/append-only/);
    await expect(ctx.db.usageEvent.delete({ where: { id: row.id, tenantId } })).rejects.toThrow(/append-only/);
  });
});

describe('estimateMaxCost', () => {
  it('bounds a call from above: input at the dearer of input and cache-write rates, rounded up', async () => {
    // haiku: max(1, 1.25) × 1001 + 5 × 300 = 1251.25 + 1500 µ$ → 2752 (rounded up).
    expect(await estimateMaxCost(ctx.db, { tenantId, model: 'claude-haiku-4-5', maxInputTokens: 1001, maxOutputTokens: 300 })).toBe(2752n);
    await expect(estimateMaxCost(ctx.db, { tenantId, model: 'nope', maxInputTokens: 1, maxOutputTokens: 1 })).rejects.toMatchObject({
      field: 'model',
    });
  });
});

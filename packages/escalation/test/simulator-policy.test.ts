import { describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationError, type Actor } from '@helpdesk/db';
import { ensureBudget } from '../src/budget';
import { getPolicy, savePolicy, type PolicyInput } from '../src/policy';
import { simulateThreshold } from '../src/simulator';
import { makeTenant, makeTicket } from './fixtures';
import { useTestDb } from './world';

const w = useTestDb({ prices: true });

describe('simulateThreshold', () => {
  it('replays the policy on recent tickets: rate, tiers, monthly cost and local accuracy', async () => {
    const tenant = await makeTenant(w.db);
    for (const confidence of [0.2, 0.4, 0.5, 0.7, 0.9]) await makeTicket(w.db, tenant.id, { confidence });

    const sim = await simulateThreshold(w.db, tenant.id, { confidenceThreshold: 0.6 });
    expect(sim).toMatchObject({
      sampleSize: 5,
      escalated: 3,
      escalationRate: 0.6,
      tiers: { medium: 3, complex: 0 },
      monthlyTicketVolume: 5,
    });
    // Default estimate 1500 in / 350 out at $1 / $5 per MTok.
    expect(sim.avgTokens).toEqual({ in: 1500, out: 350, source: 'default estimate' });
    expect(sim.costPerDraftMicros.medium).toBe(3_250n);
    expect(sim.expectedMonthlyCostMicros).toBe(9_750n);
    expect(sim.accuracySource).toBe('triage confidence (proxy)');
    expect(sim.localAccuracy).toBeCloseTo(0.8);
    expect(sim.series).toHaveLength(21);
    expect(sim.series[0]).toMatchObject({ threshold: 0, escalationRate: 0 });
    expect(sim.series[20]).toMatchObject({ threshold: 1, escalationRate: 1, localAccuracy: null });

    const localOnly = await simulateThreshold(w.db, tenant.id, { confidenceThreshold: 0.6, overrides: { localOnly: true } });
    expect(localOnly.escalated).toBe(0);
  });

  it('prefers the active classifier curve and recorded token averages', async () => {
    const tenant = await makeTenant(w.db);
    for (const confidence of [0.3, 0.8]) await makeTicket(w.db, tenant.id, { confidence });
    await w.db.classifierModel.create({
      data: {
        tenantId: tenant.id,
        version: 1,
        status: 'READY',
        active: true,
        labelCount: 100,
        curve: [
          { escalationRate: 0, coverage: 1, accuracy: 0.7, threshold: 0.1 },
          { escalationRate: 0.5, coverage: 0.5, accuracy: 0.93, threshold: 0.55 },
        ],
      },
    });
    await w.db.usageEvent.create({
      data: {
        tenantId: tenant.id,
        feature: 'ESCALATED_DRAFT',
        provider: 'CLOUD',
        model: 'claude-haiku-4-5',
        tokensIn: 1000,
        tokensOut: 200,
        costMicros: 2000n,
        idempotencyKey: `sim-${tenant.id}`,
      },
    });
    const sim = await simulateThreshold(w.db, tenant.id, { confidenceThreshold: 0.5 });
    expect(sim.accuracySource).toBe('classifier curve');
    expect(sim.localAccuracy).toBe(0.93);
    expect(sim.avgTokens).toEqual({ in: 1000, out: 200, source: 'escalated drafts' });
    expect(sim.costPerDraftMicros.medium).toBe(2_000n);
  });

  it('rejects a threshold outside 0..1 naming the field', async () => {
    const tenant = await makeTenant(w.db);
    await expect(simulateThreshold(w.db, tenant.id, { confidenceThreshold: 1.5 })).rejects.toMatchObject({
      field: 'confidenceThreshold',
      status: 400,
    });
  });
});

describe('savePolicy', () => {
  // hooks.example.com is looked up by the SSRF check; answered here so the test needs no DNS.
  const webhook = { resolve: async () => ['93.184.216.34'], allowedPrivateHosts: [] };
  async function setup() {
    const tenant = await makeTenant(w.db);
    await w.db.category.create({ data: { tenantId: tenant.id, key: 'refunds', name: 'Refunds' } });
    const admin: Actor = { type: 'USER', id: null, tenantId: tenant.id, role: 'ADMIN' };
    const current = await getPolicy(w.db, tenant.id);
    const input: PolicyInput = {
      ...current,
      confidenceThreshold: 0.7,
      categories: ['refunds'],
      autoSendCategories: [],
      monthlyBudgetMicros: 20_000_000n,
      alertWebhookUrl: 'https://hooks.example.com/budget',
      alertWebhookSecret: 'sixteen-chars-secret',
    };
    return { tenant, admin, input };
  }

  it("saves every field, moves this month's budget limit, and audits the change", async () => {
    const { tenant, admin, input } = await setup();
    await ensureBudget(w.db, tenant.id);
    const saved = await savePolicy(w.db, admin, input, { webhook });
    expect(saved).toMatchObject({ confidenceThreshold: 0.7, categories: ['refunds'], monthlyBudgetMicros: 20_000_000n });
    expect((await ensureBudget(w.db, tenant.id)).limitMicros).toBe(20_000_000n);
    const t = await w.db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(t).toMatchObject({ alertWebhookUrl: 'https://hooks.example.com/budget', alertWebhookSecret: 'sixteen-chars-secret' });
    const audit = await w.db.auditLog.findFirstOrThrow({ where: { tenantId: tenant.id, entityType: 'EscalationPolicy' } });
    expect(audit.changes).toMatchObject({ confidenceThreshold: 0.7, monthlyBudgetMicros: '20000000' });
  });

  it('refuses bad input naming the field and writes nothing', async () => {
    const { tenant, admin, input } = await setup();
    const cases: [Partial<PolicyInput>, string][] = [
      [{ confidenceThreshold: 2 }, 'confidenceThreshold'],
      [{ categories: ['nope'] }, 'categories'],
      [{ mediumModel: 'unpriced-model' }, 'mediumModel'],
      [{ alertWebhookUrl: 'ftp://x.example.com' }, 'alertWebhookUrl'],
      [{ alertWebhookSecret: 'short' }, 'alertWebhookSecret'],
      [{ monthlyBudgetMicros: -1n }, 'monthlyBudgetMicros'],
    ];
    for (const [patch, field] of cases) {
      const error = await savePolicy(w.db, admin, { ...input, ...patch }, { webhook }).catch((e: unknown) => e);
      expect(error, field).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
    expect((await getPolicy(w.db, tenant.id)).confidenceThreshold).toBe(0.6);
    await expect(savePolicy(w.db, { ...admin, role: 'AGENT' }, input, { webhook })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

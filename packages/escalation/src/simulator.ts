import { z } from 'zod';
import { findPrice, priceTokens } from '@helpdesk/billing';
import { parseCurve, type CurvePoint } from '@helpdesk/classifier/metrics';
import { ValidationError, type Db, type EscalationPolicy } from '@helpdesk/db';
import { decideEscalation, type EscalationInput, type PolicyRules } from './decide';
import { getPolicy } from './policy';

export const simulationInputSchema = z.object({
  confidenceThreshold: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1'),
  lastN: z.number().int().min(1, 'must be at least 1').max(5000, 'must be at most 5000').default(500),
  overrides: z
    .object({
      localOnly: z.boolean(),
      escalateOutOfScope: z.boolean(),
      categories: z.array(z.string()),
      minPriority: z.enum(['LOW', 'NORMAL', 'HIGH', 'URGENT']).nullable(),
      negativeSentiment: z.boolean(),
      vipTag: z.string().nullable(),
      retrievalScoreThreshold: z.number().min(0).max(1).nullable(),
      maxQuestions: z.number().int().min(1).nullable(),
      longMessageChars: z.number().int().min(1).nullable(),
      mediumModel: z.string().min(1),
      complexModel: z.string().min(1),
    })
    .partial()
    .default({}),
});

export type SimulationInput = z.input<typeof simulationInputSchema>;

export interface SimulationPoint {
  threshold: number;
  escalationRate: number;
  localAccuracy: number | null;
  monthlyCostMicros: bigint;
}

export interface Simulation {
  sampleSize: number;
  threshold: number;
  escalated: number;
  escalationRate: number;
  tiers: { medium: number; complex: number };
  monthlyTicketVolume: number;
  expectedMonthlyCostMicros: bigint;
  costPerDraftMicros: { medium: bigint; complex: bigint };
  avgTokens: { in: number; out: number; source: 'escalated drafts' | 'default estimate' };
  localAccuracy: number | null;
  accuracySource: 'classifier curve' | 'triage confidence (proxy)' | 'none';
  series: SimulationPoint[];
}

const DEFAULT_TOKENS = { in: 1500, out: 350 };
const DAY_MS = 86_400_000;

type Case = Omit<EscalationInput, 'policy' | 'budgetRemainingMicros'>;

async function loadCases(db: Db, tenantId: string, lastN: number): Promise<Case[]> {
  const tickets = await db.ticket.findMany({
    where: { tenantId },
    orderBy: { createdAt: 'desc' },
    take: lastN,
    select: {
      priority: true,
      customer: { select: { tags: true } },
      triageResults: { orderBy: { contentVersion: 'desc' }, take: 1 },
      retrievalResults: { orderBy: { contentVersion: 'desc' }, take: 1, select: { topScore: true } },
      messages: { where: { kind: 'CUSTOMER' }, orderBy: { createdAt: 'desc' }, take: 1, select: { bodyText: true } },
    },
  });
  return tickets.map((t) => ({
    triage: t.triageResults[0] ?? null,
    ticketPriority: t.priority,
    retrievalTopScore: t.retrievalResults[0]?.topScore ?? null,
    customerTags: t.customer.tags,
    messageText: t.messages[0]?.bodyText ?? '',
  }));
}

async function averageTokens(db: Db, tenantId: string): Promise<Simulation['avgTokens']> {
  const agg = await db.usageEvent.aggregate({
    // Calls cut off mid-stream are recorded with a "failed: …" reason; they say nothing about a draft's size.
    where: {
      tenantId,
      feature: 'ESCALATED_DRAFT',
      provider: 'CLOUD',
      OR: [{ reason: null }, { reason: { not: { startsWith: 'failed' } } }],
    },
    _avg: { tokensIn: true, tokensOut: true, cacheWriteTokens: true, cacheReadTokens: true },
    _count: true,
  });
  if (!agg._count) return { ...DEFAULT_TOKENS, source: 'default estimate' };
  const a = agg._avg;
  return {
    in: Math.round((a.tokensIn ?? 0) + (a.cacheWriteTokens ?? 0) + (a.cacheReadTokens ?? 0)),
    out: Math.round(a.tokensOut ?? 0),
    source: 'escalated drafts',
  };
}

async function draftCost(db: Db, tenantId: string, model: string, tokens: Simulation['avgTokens']): Promise<bigint> {
  const price = await findPrice(db, { tenantId, model, at: new Date() });
  return price ? priceTokens(price, { tokensIn: tokens.in, tokensOut: tokens.out }) : 0n;
}

function curveAccuracy(curve: CurvePoint[], threshold: number): number | null {
  if (!curve.length) return null;
  const kept = curve.filter((p) => p.threshold >= threshold);
  const pick = kept.length
    ? kept.reduce((a, b) => (b.coverage > a.coverage ? b : a))
    : curve.reduce((a, b) => (b.coverage < a.coverage ? b : a));
  return pick.accuracy;
}

/**
 * Replays the policy, with the admin's unsaved changes, on the tenant's recent tickets: how many would
 * escalate, what that costs per month at the tier models' prices, and how accurate what stays local is.
 */
export async function simulateThreshold(db: Db, tenantId: string, raw: SimulationInput): Promise<Simulation> {
  const parsed = simulationInputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(issue?.path.join('.') || 'input', issue?.message ?? 'is invalid');
  }
  const { confidenceThreshold, lastN, overrides } = parsed.data;
  const stored: EscalationPolicy = await getPolicy(db, tenantId);
  const base: PolicyRules = { ...stored, ...overrides };
  const [cases, avgTokens, monthlyTicketVolume, classifier] = await Promise.all([
    loadCases(db, tenantId, lastN),
    averageTokens(db, tenantId),
    db.ticket.count({ where: { tenantId, createdAt: { gte: new Date(Date.now() - 30 * DAY_MS) } } }),
    db.classifierModel.findFirst({ where: { tenantId, active: true, status: 'READY' }, select: { curve: true } }),
  ]);
  const costPerDraftMicros = {
    medium: await draftCost(db, tenantId, base.mediumModel, avgTokens),
    complex: await draftCost(db, tenantId, base.complexModel, avgTokens),
  };
  const curve = parseCurve(classifier?.curve);
  const accuracySource: Simulation['accuracySource'] = curve.length
    ? 'classifier curve'
    : cases.some((c) => c.triage)
      ? 'triage confidence (proxy)'
      : 'none';

  const run = (threshold: number) => {
    const policy = { ...base, confidenceThreshold: threshold };
    const tiers = { medium: 0, complex: 0 };
    const localConfidences: number[] = [];
    for (const c of cases) {
      const v = decideEscalation({ ...c, policy, budgetRemainingMicros: null });
      if (v.escalate && v.tier) tiers[v.tier]++;
      else if (c.triage) localConfidences.push(c.triage.confidence);
    }
    const escalated = tiers.medium + tiers.complex;
    const n = cases.length || 1;
    const monthlyCostMicros =
      (BigInt(monthlyTicketVolume) *
        (BigInt(tiers.medium) * costPerDraftMicros.medium + BigInt(tiers.complex) * costPerDraftMicros.complex)) /
      BigInt(n);
    const localAccuracy =
      accuracySource === 'classifier curve'
        ? curveAccuracy(curve, threshold)
        : localConfidences.length
          ? localConfidences.reduce((a, b) => a + b, 0) / localConfidences.length
          : null;
    return { tiers, escalated, escalationRate: cases.length ? escalated / cases.length : 0, monthlyCostMicros, localAccuracy };
  };

  const chosen = run(confidenceThreshold);
  const series = Array.from({ length: 21 }, (_, i) => {
    const threshold = i / 20;
    const r = run(threshold);
    return { threshold, escalationRate: r.escalationRate, localAccuracy: r.localAccuracy, monthlyCostMicros: r.monthlyCostMicros };
  });
  return {
    sampleSize: cases.length,
    threshold: confidenceThreshold,
    escalated: chosen.escalated,
    escalationRate: chosen.escalationRate,
    tiers: chosen.tiers,
    monthlyTicketVolume,
    expectedMonthlyCostMicros: chosen.monthlyCostMicros,
    costPerDraftMicros,
    avgTokens,
    localAccuracy: chosen.localAccuracy,
    accuracySource,
    series,
  };
}

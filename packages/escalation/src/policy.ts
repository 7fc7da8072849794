import { z } from 'zod';
import {
  ForbiddenError,
  Priority,
  ValidationError,
  parseInput,
  can,
  type Actor,
  type AiDraft,
  type Db,
  type EscalationDecision,
  type EscalationPolicy,
} from '@helpdesk/db';
import { budgetPeriod } from './budget';
import { checkWebhookTarget, UnsafeWebhookUrlError, type WebhookTargetOptions } from './webhook-target';

/** The stored policy, created with the column defaults the first time a tenant needs one. */
export async function getPolicy(db: Db, tenantId: string): Promise<EscalationPolicy> {
  const existing = await db.escalationPolicy.findFirst({ where: { tenantId } });
  if (existing) return existing;
  await db.escalationPolicy.createMany({ data: [{ tenantId, categories: [], autoSendCategories: [] }], skipDuplicates: true });
  return db.escalationPolicy.findFirstOrThrow({ where: { tenantId } });
}

const fraction = z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
const keyList = z.array(z.string().trim().min(1).max(100)).max(200);
const model = z.string().trim().min(1, 'is required').max(100);

export const policyInputSchema = z.object({
  localOnly: z.boolean(),
  confidenceThreshold: fraction,
  escalateOutOfScope: z.boolean(),
  categories: keyList,
  minPriority: z.enum(Priority).nullable(),
  negativeSentiment: z.boolean(),
  vipTag: z.string().trim().max(50).nullable(),
  retrievalScoreThreshold: fraction.nullable(),
  maxQuestions: z.number().int().min(1, 'must be at least 1').max(50).nullable(),
  longMessageChars: z.number().int().min(100, 'must be at least 100').max(100_000).nullable(),
  mediumModel: model,
  complexModel: model,
  autoSendCategories: keyList,
  autoSendConfidence: z.number().min(0.5, 'must be at least 0.5').max(1, 'must be at most 1'),
  monthlyBudgetMicros: z.bigint().min(0n, 'must not be negative').max(1_000_000_000_000n, 'is too large'),
  alertWebhookUrl: z
    .string()
    .trim()
    .url('must be a URL')
    .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
    .nullable(),
  /** Undefined keeps the stored secret; the form never shows it back. */
  alertWebhookSecret: z.string().min(16, 'must be at least 16 characters').max(200).nullable().optional(),
});

export type PolicyInput = z.input<typeof policyInputSchema>;

export async function savePolicy(
  db: Db,
  actor: Actor,
  raw: PolicyInput,
  options: { webhook?: WebhookTargetOptions } = {},
): Promise<EscalationPolicy> {
  if (!can(actor, 'admin.settings')) throw new ForbiddenError('Only owners and admins can change the escalation policy');
  const { alertWebhookUrl, alertWebhookSecret, ...policy } = parseInput(policyInputSchema, raw);
  const tenantId = actor.tenantId;
  if (alertWebhookUrl) {
    // The ops worker posts here from inside our network: internal services and cloud metadata must be unreachable.
    await checkWebhookTarget(alertWebhookUrl, options.webhook).catch((error: unknown) => {
      throw error instanceof UnsafeWebhookUrlError ? new ValidationError('alertWebhookUrl', error.message) : error;
    });
  }

  const known = new Set((await db.category.findMany({ where: { tenantId }, select: { key: true } })).map((c) => c.key));
  for (const field of ['categories', 'autoSendCategories'] as const) {
    const unknown = policy[field].find((k) => !known.has(k));
    if (unknown) throw new ValidationError(field, `unknown category "${unknown}"`);
  }
  for (const field of ['mediumModel', 'complexModel'] as const) {
    const priced = await db.priceCatalog.findFirst({
      where: { model: policy[field], provider: 'CLOUD', OR: [{ tenantId }, { tenantId: null }] },
    });
    if (!priced) throw new ValidationError(field, `no cloud price for "${policy[field]}" in the price catalog`);
  }

  return db.$transaction(async (tx) => {
    const before = await tx.escalationPolicy.findFirst({ where: { tenantId } });
    const data = { ...policy, updatedById: actor.id };
    const saved = await tx.escalationPolicy.upsert({ where: { tenantId }, create: { tenantId, ...data }, update: data });
    await tx.tenant.update({
      where: { id: tenantId },
      data: { alertWebhookUrl, ...(alertWebhookSecret !== undefined ? { alertWebhookSecret } : {}) },
    });
    await tx.budget.updateMany({ where: { tenantId, period: budgetPeriod() }, data: { limitMicros: policy.monthlyBudgetMicros } });
    const changes = Object.fromEntries(
      Object.entries(data)
        .filter(([k, v]) => before && String((before as Record<string, unknown>)[k]) !== String(v))
        .map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]),
    );
    await tx.auditLog.create({
      data: {
        tenantId,
        actorType: actor.type,
        actorId: actor.id,
        entityType: 'EscalationPolicy',
        entityId: saved.id,
        action: before ? 'escalation_policy.updated' : 'escalation_policy.created',
        changes: { ...changes, webhookChanged: alertWebhookSecret !== undefined || undefined },
      },
    });
    return saved;
  });
}

/**
 * Auto-send is opt-in per category and needs triage at or above the confidence floor. The confidence is
 * a probability (the classifier's calibrated one, or the local model's for its scored category choice);
 * an out-of-scope ticket never qualifies, whatever the number.
 */
export function autoSendEligible(
  policy: Pick<EscalationPolicy, 'autoSendCategories' | 'autoSendConfidence'>,
  triage: { categoryKey: string | null; confidence: number; outOfScope: boolean } | null,
): boolean {
  return Boolean(
    triage?.categoryKey &&
    !triage.outOfScope &&
    policy.autoSendCategories.includes(triage.categoryKey) &&
    triage.confidence >= policy.autoSendConfidence,
  );
}

export interface AutoSendDraft {
  draft: Pick<AiDraft, 'source' | 'modelId'>;
  decision: Pick<EscalationDecision, 'escalate' | 'reasons'>;
  /** The local model loaded in this worker, which wrote any LOCAL draft it hands over. */
  localModel: { id: string; demo: boolean };
}

/**
 * Why a draft that passed `autoSendEligible` must still wait for a person, or null when it may go out.
 * Only a local draft for a ticket no escalation rule flagged, from a real model, is ever sent unseen.
 */
export function autoSendRefusal({ draft, decision, localModel }: AutoSendDraft): string | null {
  if (draft.source === 'LOCAL_FALLBACK') return 'the draft is a fallback after a failed cloud call';
  if (decision.escalate) return 'the draft was escalated';
  // A blocked escalation (local-only, budget) still means the rules judged the ticket too hard to answer alone.
  const reasons = Array.isArray(decision.reasons) ? decision.reasons : [];
  if (reasons.length > 0) return `escalation rules hold: ${reasons.join('; ')}`;
  if (draft.source !== 'LOCAL') return `the draft came from ${draft.source}`;
  if (draft.modelId !== localModel.id) return `the draft was written by ${draft.modelId}, not the loaded model`;
  if (localModel.demo) return 'the draft was written by the demo model';
  return null;
}

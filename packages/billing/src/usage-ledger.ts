import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  AiFeature,
  ConflictError,
  CounterfactualKind,
  ModelProvider,
  NotFoundError,
  ValidationError,
  parseInput,
  type Tx,
  type UsageEvent,
} from '@helpdesk/db';
import { findPrice, LOCAL_FALLBACK_MODEL } from './price-lookup';
import { DAY_MS_UTC, rollupUsage, startOfUtcDay } from './rollups';
import { priceCall, priceCompute, priceTokens } from './pricing';
import { utcTimestamp } from './sql-time';

const count = z.number().int().min(0);

export const usageInputSchema = z.object({
  tenantId: z.string().min(1),
  ticketId: z.string().min(1).nullish(),
  feature: z.enum(AiFeature),
  model: z.string().min(1).max(200),
  provider: z.enum(ModelProvider),
  tokensIn: count,
  tokensOut: count,
  cacheWriteTokens: count.optional(),
  cacheReadTokens: count.optional(),
  durationMs: count,
  computeMs: count.optional(),
  /** Local calls: time spent waiting for a free sequence, inside durationMs and outside computeMs. */
  waitMs: count.optional(),
  /** Local triage and draft calls: the tokens the same request would carry to a cloud model. */
  cloudTokensIn: count.optional(),
  cloudTokensOut: count.optional(),
  idempotencyKey: z.string().min(1).max(500),
  jobId: z.string().nullish(),
  attempt: z.number().int().min(0).nullish(),
  reason: z.string().max(2000).nullish(),
  /** Cloud calls: values replaced by placeholders before the text left, counted by PII kind. */
  redactionSummary: z.record(z.string().regex(/^[A-Z_]{1,20}$/), count).optional(),
  occurredAt: z.date().optional(),
});

export type UsageInput = z.input<typeof usageInputSchema>;
type Input = z.output<typeof usageInputSchema>;

interface Priced {
  costMicros: bigint;
  priceId: string | null;
  /** The model has no price of its own: the row is flagged on the billing page. */
  unpriced: boolean;
}

/**
 * Cloud calls: tokens × the catalog's per-MTok rates. Local calls: computeMs × the catalog row's hourly
 * compute price for that local model. A model missing from the catalog is never priced silently: the row is
 * flagged `unpriced`. A cloud one is recorded at cost 0 (the call already happened; losing it would be
 * worse); a local one at the tenant's fallback CPU-hour price in force at that instant (a LOCAL_FALLBACK_MODEL
 * row, else the tenant's sign-up rate).
 */
async function priceUsage(db: Tx, input: Input, at: Date): Promise<Priced> {
  const price = await findPrice(db, { tenantId: input.tenantId, model: input.model, at });
  if (input.provider === ModelProvider.CLOUD) {
    return { costMicros: price ? priceTokens(price, input) : 0n, priceId: price?.id ?? null, unpriced: !price };
  }
  const computeMs = localComputeMs(input);
  if (price) return { costMicros: priceCompute(price.computePerHourMicros, computeMs), priceId: price.id, unpriced: false };
  const fallback = await findPrice(db, { tenantId: input.tenantId, model: LOCAL_FALLBACK_MODEL, at });
  if (fallback) return { costMicros: priceCompute(fallback.computePerHourMicros, computeMs), priceId: fallback.id, unpriced: true };
  const tenant = await db.tenant.findUnique({ where: { id: input.tenantId }, select: { localComputeMicrosPerHour: true } });
  if (!tenant) throw new NotFoundError('Tenant');
  return { costMicros: priceCompute(tenant.localComputeMicrosPerHour, computeMs), priceId: null, unpriced: true };
}

function localComputeMs(input: Input): number {
  if (input.computeMs !== undefined) return input.computeMs;
  return Math.max(0, input.durationMs - (input.waitMs ?? 0));
}

/**
 * Which all-cloud call a row may stand for (see counterfactual.ts). Local triage and draft calls that carry
 * their cloud-equivalent tokens; a cloud draft call that produced a draft (the draft router records failed
 * attempts with a reason starting "failed"). Summaries, retrieval, embeddings and failed attempts stand for none.
 */
function counterfactualKindOf(input: Input): CounterfactualKind | null {
  if (!input.ticketId) return null;
  if (input.provider === ModelProvider.CLOUD) {
    return input.feature === AiFeature.ESCALATED_DRAFT && !input.reason?.startsWith('failed') ? CounterfactualKind.DRAFT : null;
  }
  if (input.cloudTokensIn === undefined) return null;
  if (input.feature === AiFeature.TRIAGE) return CounterfactualKind.TRIAGE;
  if (input.feature === AiFeature.DRAFT) return CounterfactualKind.DRAFT;
  return null;
}

/**
 * One INSERT: the row takes the counterfactual kind only while no row of its ticket holds it. ON CONFLICT DO
 * NOTHING covers both the idempotency key and the one-per-ticket index, so a lost race surfaces as 0 rows
 * rather than an error (which would abort a caller's transaction); the caller then retries without the kind.
 */
async function insertRow(db: Tx, input: Input, occurredAt: Date, priced: Priced, kind: CounterfactualKind | null): Promise<number> {
  const local = input.provider === ModelProvider.LOCAL;
  const ticketId = input.ticketId ?? null;
  return db.$executeRaw`
    INSERT INTO "UsageEvent" ("id", "tenantId", "ticketId", "feature", "model", "provider", "tokensIn", "tokensOut",
      "cacheWriteTokens", "cacheReadTokens", "durationMs", "computeMs", "waitMs", "costMicros", "priceId", "unpriced",
      "cloudTokensIn", "cloudTokensOut", "counterfactualKind", "redactionSummary", "reason", "jobId", "attempt", "idempotencyKey", "occurredAt")
    SELECT ${randomUUID()}, ${input.tenantId}, ${ticketId}, ${input.feature}::"AiFeature", ${input.model}, ${input.provider}::"ModelProvider",
      ${input.tokensIn}, ${input.tokensOut}, ${input.cacheWriteTokens ?? 0}, ${input.cacheReadTokens ?? 0}, ${input.durationMs},
      ${local ? localComputeMs(input) : (input.computeMs ?? 0)}, ${input.waitMs ?? 0}, ${priced.costMicros}, ${priced.priceId}, ${priced.unpriced},
      ${input.cloudTokensIn ?? null}::int, ${input.cloudTokensOut ?? null}::int,
      CASE WHEN ${kind}::"CounterfactualKind" IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM "UsageEvent" WHERE "tenantId" = ${input.tenantId} AND "ticketId" = ${ticketId} AND "counterfactualKind" = ${kind}::"CounterfactualKind"
      ) THEN ${kind}::"CounterfactualKind" END,
      ${input.redactionSummary ? JSON.stringify(input.redactionSummary) : null}::jsonb,
      ${input.reason ?? null}, ${input.jobId ?? null}, ${input.attempt ?? null}::int, ${input.idempotencyKey}, ${utcTimestamp(occurredAt)}
    ON CONFLICT DO NOTHING`;
}

/**
 * Appends one AI call to the ledger, priced at occurredAt. Idempotent: a retried job that records the same
 * idempotencyKey gets the row written the first time back, never a second row.
 */
export async function recordUsage(db: Tx, raw: UsageInput): Promise<UsageEvent> {
  const input = parseInput(usageInputSchema, raw);
  const occurredAt = input.occurredAt ?? new Date();
  const priced = await priceUsage(db, input, occurredAt);
  const kind = counterfactualKindOf(input);
  const inserted = await insertRow(db, input, occurredAt, priced, kind);
  // Nothing inserted: a retry (the key exists, so this is a no-op too) or another row of the ticket took the
  // counterfactual kind between our check and our insert (this records the call without it).
  if (inserted === 0 && kind !== null) await insertRow(db, input, occurredAt, priced, null);
  // Reports read the ledger for today and yesterday, rollups before that: a call for an older day refreshes
  // that day's rollup at once, however old, so the two never disagree. Done on retries too (idempotent), so a
  // crash between the insert and the refresh heals on the job's next attempt.
  if (occurredAt < startOfUtcDay(new Date(Date.now() - DAY_MS_UTC))) {
    await rollupUsage(db, { tenantId: input.tenantId, since: occurredAt, until: occurredAt });
  }
  const row = await db.usageEvent.findFirst({ where: { idempotencyKey: input.idempotencyKey, tenantId: input.tenantId } });
  // The key exists but belongs to another tenant: refuse without revealing that tenant's row.
  if (!row) throw new ConflictError('idempotencyKey is already used', 'idempotencyKey');
  return row;
}

export interface MaxCostQuery {
  tenantId: string;
  model: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  at?: Date;
}

/** Upper bound of a cloud call's cost in micro-dollars, for budget reservations (see priceCall). */
export async function estimateMaxCost(db: Tx, q: MaxCostQuery): Promise<bigint> {
  if (!Number.isInteger(q.maxInputTokens) || q.maxInputTokens < 0)
    throw new ValidationError('maxInputTokens', 'must be a non-negative integer');
  if (!Number.isInteger(q.maxOutputTokens) || q.maxOutputTokens < 0)
    throw new ValidationError('maxOutputTokens', 'must be a non-negative integer');
  const price = await findPrice(db, { tenantId: q.tenantId, model: q.model, at: q.at ?? new Date() });
  if (!price) throw new ValidationError('model', `no price in the catalog for ${q.model}`);
  return priceCall(price, q.maxInputTokens, q.maxOutputTokens);
}

import { z } from 'zod';
import { AiFeature, ConflictError, ModelProvider, NotFoundError, ValidationError, type Tx, type UsageEvent } from '@helpdesk/db';
import { findPrice } from './price-lookup';
import { DAY_MS_UTC, rollupUsage, startOfUtcDay } from './rollups';
import { priceCall, priceCompute, priceTokens } from './pricing';

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
  idempotencyKey: z.string().min(1).max(500),
  jobId: z.string().nullish(),
  attempt: z.number().int().min(0).nullish(),
  reason: z.string().max(2000).nullish(),
  occurredAt: z.date().optional(),
});

export type UsageInput = z.input<typeof usageInputSchema>;

function firstIssue(error: z.ZodError): ValidationError {
  const issue = error.issues[0];
  return new ValidationError(issue?.path.join('.') || 'input', issue?.message ?? 'invalid');
}

interface Priced {
  costMicros: bigint;
  priceId: string | null;
}

/**
 * Cloud calls: tokens × the catalog's per-MTok rates. Local calls: computeMs × the catalog row's hourly
 * compute price for that local model, falling back to the tenant's own localComputeMicrosPerHour when the
 * catalog has no row for it. A cloud model missing from the catalog is recorded at cost 0 with no priceId
 * (the call already happened; losing it would be worse), and reports list such calls as unpriced.
 */
async function priceUsage(db: Tx, input: z.output<typeof usageInputSchema>, at: Date): Promise<Priced> {
  const price = await findPrice(db, { tenantId: input.tenantId, model: input.model, at });
  if (input.provider === ModelProvider.CLOUD) {
    return { costMicros: price ? priceTokens(price, input) : 0n, priceId: price?.id ?? null };
  }
  const computeMs = input.computeMs ?? input.durationMs;
  if (price) return { costMicros: priceCompute(price.computePerHourMicros, computeMs), priceId: price.id };
  const tenant = await db.tenant.findUnique({ where: { id: input.tenantId }, select: { localComputeMicrosPerHour: true } });
  if (!tenant) throw new NotFoundError('Tenant');
  return { costMicros: priceCompute(tenant.localComputeMicrosPerHour, computeMs), priceId: null };
}

/**
 * Appends one AI call to the ledger, priced at occurredAt. Idempotent: a retried job that records the same
 * idempotencyKey gets the row written the first time back, never a second row (ON CONFLICT DO NOTHING,
 * then read back).
 */
export async function recordUsage(db: Tx, raw: UsageInput): Promise<UsageEvent> {
  const parsed = usageInputSchema.safeParse(raw);
  if (!parsed.success) throw firstIssue(parsed.error);
  const input = parsed.data;
  const occurredAt = input.occurredAt ?? new Date();
  const { costMicros, priceId } = await priceUsage(db, input, occurredAt);
  const { count: inserted } = await db.usageEvent.createMany({
    skipDuplicates: true,
    data: [
      {
        tenantId: input.tenantId,
        ticketId: input.ticketId ?? null,
        feature: input.feature,
        model: input.model,
        provider: input.provider,
        tokensIn: input.tokensIn,
        tokensOut: input.tokensOut,
        cacheWriteTokens: input.cacheWriteTokens ?? 0,
        cacheReadTokens: input.cacheReadTokens ?? 0,
        durationMs: input.durationMs,
        computeMs: input.computeMs ?? (input.provider === ModelProvider.LOCAL ? input.durationMs : 0),
        costMicros,
        priceId,
        reason: input.reason ?? null,
        jobId: input.jobId ?? null,
        attempt: input.attempt ?? null,
        idempotencyKey: input.idempotencyKey,
        occurredAt,
      },
    ],
  });
  // Reports read the ledger for today and yesterday, rollups before that; a call recorded late for an older
  // day refreshes that day's rollup at once so the two never disagree.
  if (inserted === 1 && occurredAt < startOfUtcDay(new Date(Date.now() - DAY_MS_UTC))) {
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
  if (!Number.isInteger(q.maxInputTokens) || q.maxInputTokens < 0) throw new ValidationError('maxInputTokens', 'must be a non-negative integer');
  if (!Number.isInteger(q.maxOutputTokens) || q.maxOutputTokens < 0) throw new ValidationError('maxOutputTokens', 'must be a non-negative integer');
  const price = await findPrice(db, { tenantId: q.tenantId, model: q.model, at: q.at ?? new Date() });
  if (!price) throw new ValidationError('model', `no price in the catalog for ${q.model}`);
  return priceCall(price, q.maxInputTokens, q.maxOutputTokens);
}

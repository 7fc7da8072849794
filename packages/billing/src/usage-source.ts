import type { AiFeature, ModelProvider, Tx } from '@helpdesk/db';
import type { DateRange } from './date-range';
import { DAY_MS_UTC, startOfUtcDay } from './rollups';
import { utcTimestamp as ts } from './sql-time';

/** One (day, feature, model, provider) group of a tenant's usage. */
export interface UsageGroup {
  day: string;
  feature: AiFeature;
  model: string;
  provider: ModelProvider;
  calls: bigint;
  tokensIn: bigint;
  tokensOut: bigint;
  cacheWriteTokens: bigint;
  cacheReadTokens: bigint;
  computeMs: bigint;
  costMicros: bigint;
  waitMs: bigint;
  /** Calls whose model had no price of its own in the catalog. */
  unpricedCalls: bigint;
  /** Calls that stand for an all-cloud call (one triage and one draft per ticket) and their cloud tokens. */
  counterfactualCalls: bigint;
  counterfactualTokensIn: bigint;
  counterfactualTokensOut: bigint;
  counterfactualCacheWriteTokens: bigint;
  counterfactualCacheReadTokens: bigint;
}

export type UsageSource = 'auto' | 'ledger';

interface RawGroup extends Omit<UsageGroup, 'day'> {
  day: Date;
}

/**
 * Where rollups stop and the ledger takes over: the start of yesterday (UTC). The rollup job recomputes the
 * last two days every run, so a day is read from rollups only once it is complete and has been rolled up.
 */
export function ledgerSplit(range: DateRange, now = new Date()): Date {
  const split = startOfUtcDay(new Date(now.getTime() - DAY_MS_UTC));
  if (split < range.from) return range.from;
  return split > range.to ? range.to : split;
}

/**
 * A tenant's usage in a range grouped per UTC day: rollups for days before the split, the ledger after it.
 * `source: 'ledger'` reads only the ledger (used to compare the two paths).
 */
export async function usageGroups(db: Tx, tenantId: string, range: DateRange, source: UsageSource = 'auto'): Promise<UsageGroup[]> {
  const split = source === 'ledger' ? range.from : ledgerSplit(range);
  const rows = await db.$queryRaw<RawGroup[]>`
    SELECT "day", "feature", "model", "provider", "calls"::bigint AS "calls", "tokensIn", "tokensOut", "cacheWriteTokens",
      "cacheReadTokens", "computeMs", "costMicros", "waitMs", "unpricedCalls"::bigint AS "unpricedCalls",
      "counterfactualCalls"::bigint AS "counterfactualCalls", "counterfactualTokensIn", "counterfactualTokensOut",
      "counterfactualCacheWriteTokens", "counterfactualCacheReadTokens"
    FROM "UsageDailyRollup"
    WHERE "tenantId" = ${tenantId} AND "day" >= (${ts(range.from)})::date AND "day" < (${ts(split)})::date
    UNION ALL
    SELECT ("occurredAt")::date, "feature", "model", "provider", count(*)::bigint, sum("tokensIn")::bigint,
      sum("tokensOut")::bigint, sum("cacheWriteTokens")::bigint, sum("cacheReadTokens")::bigint, sum("computeMs")::bigint,
      sum("costMicros")::bigint, sum("waitMs")::bigint,
      count(*) FILTER (WHERE "unpriced" OR "priceId" IS NULL)::bigint,
      count(*) FILTER (WHERE "counterfactualKind" IS NOT NULL)::bigint,
      coalesce(sum(CASE WHEN "provider" = 'CLOUD' THEN "tokensIn" ELSE "cloudTokensIn" END) FILTER (WHERE "counterfactualKind" IS NOT NULL), 0)::bigint,
      coalesce(sum(CASE WHEN "provider" = 'CLOUD' THEN "tokensOut" ELSE "cloudTokensOut" END) FILTER (WHERE "counterfactualKind" IS NOT NULL), 0)::bigint,
      coalesce(sum("cacheWriteTokens") FILTER (WHERE "counterfactualKind" IS NOT NULL AND "provider" = 'CLOUD'), 0)::bigint,
      coalesce(sum("cacheReadTokens") FILTER (WHERE "counterfactualKind" IS NOT NULL AND "provider" = 'CLOUD'), 0)::bigint
    FROM "UsageEvent"
    WHERE "tenantId" = ${tenantId} AND "occurredAt" >= ${ts(split)} AND "occurredAt" < ${ts(range.to)}
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4`;
  return rows.map((r) => ({ ...r, day: r.day.toISOString().slice(0, 10) }));
}

import { Prisma, type Tx } from '@helpdesk/db';
import { utcTimestamp } from './sql-time';

export interface RollupOptions {
  /** Recompute every UTC day from the start of this instant's day. Defaults to where the last full run left off. */
  since?: Date;
  /** Recompute through the end of this instant's UTC day; open-ended by default. */
  until?: Date;
  tenantId?: string;
}

export interface RollupResult {
  from: Date;
  groups: number;
}

const DAY_MS = 86_400_000;

export const DAY_MS_UTC = DAY_MS;

export function startOfUtcDay(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

async function lastFullRun(db: Tx): Promise<Date | null> {
  const [row] = await db.$queryRaw<{ rolledAt: Date }[]>`SELECT "rolledAt" FROM "UsageRollupWatermark" WHERE "id" = 'global'`;
  return row?.rolledAt ?? null;
}

async function earliestCall(db: Tx): Promise<Date | null> {
  const [row] = await db.$queryRaw<{ at: Date | null }[]>`SELECT min("occurredAt") AS "at" FROM "UsageEvent"`;
  return row?.at ?? null;
}

/**
 * Where a scheduled run starts. Calls recorded on time after the last full run fall on its day or later, and
 * a call recorded just after midnight may still belong to the day before; calls for older days refresh their
 * own day when recorded (recordUsage). So starting the day before the last full run's day covers every call
 * since, however long no run happened (an ops outage); two days back at least, and the whole ledger before
 * the first run ever.
 */
async function defaultSince(db: Tx): Promise<{ since: Date; continuesLastRun: boolean }> {
  const twoDaysBack = new Date(Date.now() - 2 * DAY_MS);
  const last = await lastFullRun(db);
  if (last) {
    const resume = new Date(startOfUtcDay(last).getTime() - DAY_MS);
    return { since: resume < twoDaysBack ? resume : twoDaysBack, continuesLastRun: true };
  }
  const earliest = await earliestCall(db);
  return { since: earliest && earliest < twoDaysBack ? earliest : twoDaysBack, continuesLastRun: true };
}

/**
 * Recomputes UsageDailyRollup for whole UTC days from `since` onward with one aggregate over the ledger and
 * INSERT … ON CONFLICT DO UPDATE, so running it twice, or concurrently with new calls, converges to the
 * ledger's sums. The ledger is append-only, so a (day, feature, model, provider) group never disappears.
 * A run over every tenant with no end that reaches back to where the last one left off moves the watermark
 * to its own start, so the next run knows where to resume.
 */
export async function rollupUsage(db: Tx, options: RollupOptions = {}): Promise<RollupResult> {
  const startedAt = new Date();
  let continuesLastRun = false;
  let since = options.since;
  if (!since) ({ since, continuesLastRun } = await defaultSince(db));
  const from = startOfUtcDay(since);
  // `until`'s whole day is included: the bound is the start of the next day, so 00:00:00 is its own day's.
  const until = options.until ? utcTimestamp(new Date(startOfUtcDay(options.until).getTime() + DAY_MS)) : Prisma.sql`NULL`;
  const tenantId = options.tenantId ?? null;
  const groups = await db.$executeRaw`
    INSERT INTO "UsageDailyRollup" ("tenantId", "day", "feature", "model", "provider", "calls", "tokensIn", "tokensOut",
      "cacheWriteTokens", "cacheReadTokens", "computeMs", "costMicros", "waitMs", "unpricedCalls", "counterfactualCalls",
      "counterfactualTokensIn", "counterfactualTokensOut", "counterfactualCacheWriteTokens", "counterfactualCacheReadTokens", "updatedAt")
    SELECT "tenantId", ("occurredAt")::date, "feature", "model", "provider", count(*)::int,
      sum("tokensIn")::bigint, sum("tokensOut")::bigint, sum("cacheWriteTokens")::bigint, sum("cacheReadTokens")::bigint,
      sum("computeMs")::bigint, sum("costMicros")::bigint, sum("waitMs")::bigint,
      count(*) FILTER (WHERE "unpriced" OR "priceId" IS NULL)::int,
      count(*) FILTER (WHERE "counterfactualKind" IS NOT NULL)::int,
      coalesce(sum(CASE WHEN "provider" = 'CLOUD' THEN "tokensIn" ELSE "cloudTokensIn" END) FILTER (WHERE "counterfactualKind" IS NOT NULL), 0)::bigint,
      coalesce(sum(CASE WHEN "provider" = 'CLOUD' THEN "tokensOut" ELSE "cloudTokensOut" END) FILTER (WHERE "counterfactualKind" IS NOT NULL), 0)::bigint,
      coalesce(sum("cacheWriteTokens") FILTER (WHERE "counterfactualKind" IS NOT NULL AND "provider" = 'CLOUD'), 0)::bigint,
      coalesce(sum("cacheReadTokens") FILTER (WHERE "counterfactualKind" IS NOT NULL AND "provider" = 'CLOUD'), 0)::bigint,
      now()
    FROM "UsageEvent"
    WHERE "occurredAt" >= ${utcTimestamp(from)} AND (${until}::timestamp IS NULL OR "occurredAt" < ${until})
      AND (${tenantId}::text IS NULL OR "tenantId" = ${tenantId}::text)
    GROUP BY 1, 2, 3, 4, 5
    -- A fixed order makes concurrent runs lock rollup rows in the same sequence, so they queue instead of deadlocking.
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ("tenantId", "day", "feature", "model", "provider") DO UPDATE SET
      "calls" = EXCLUDED."calls", "tokensIn" = EXCLUDED."tokensIn", "tokensOut" = EXCLUDED."tokensOut",
      "cacheWriteTokens" = EXCLUDED."cacheWriteTokens", "cacheReadTokens" = EXCLUDED."cacheReadTokens",
      "computeMs" = EXCLUDED."computeMs", "costMicros" = EXCLUDED."costMicros", "waitMs" = EXCLUDED."waitMs",
      "unpricedCalls" = EXCLUDED."unpricedCalls", "counterfactualCalls" = EXCLUDED."counterfactualCalls",
      "counterfactualTokensIn" = EXCLUDED."counterfactualTokensIn", "counterfactualTokensOut" = EXCLUDED."counterfactualTokensOut",
      "counterfactualCacheWriteTokens" = EXCLUDED."counterfactualCacheWriteTokens",
      "counterfactualCacheReadTokens" = EXCLUDED."counterfactualCacheReadTokens", "updatedAt" = now()`;
  if (continuesLastRun && !options.tenantId && !options.until) {
    await db.$executeRaw`
      INSERT INTO "UsageRollupWatermark" ("id", "rolledAt") VALUES ('global', ${utcTimestamp(startedAt)})
      ON CONFLICT ("id") DO UPDATE SET "rolledAt" = GREATEST("UsageRollupWatermark"."rolledAt", EXCLUDED."rolledAt")`;
  }
  return { from, groups };
}

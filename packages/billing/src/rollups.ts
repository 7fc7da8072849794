import { Prisma, type Tx } from '@helpdesk/db';
import { utcTimestamp } from './sql-time';

export interface RollupOptions {
  /** Recompute every UTC day from the start of this instant's day. Defaults to two days ago. */
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

/**
 * Recomputes UsageDailyRollup for whole UTC days from `since` onward with one aggregate over the ledger and
 * INSERT … ON CONFLICT DO UPDATE, so running it twice, or concurrently with new calls, converges to the
 * ledger's sums. The ledger is append-only, so a (day, feature, model, provider) group never disappears.
 * The default window (two days back) covers calls recorded late across midnight; a call recorded later
 * than that for an older day needs a run with an explicit `since`.
 */
export async function rollupUsage(db: Tx, options: RollupOptions = {}): Promise<RollupResult> {
  const from = startOfUtcDay(options.since ?? new Date(Date.now() - 2 * DAY_MS));
  const until = options.until ? utcTimestamp(startOfUtcDay(new Date(options.until.getTime() + DAY_MS - 1))) : Prisma.sql`NULL`;
  const tenantId = options.tenantId ?? null;
  const groups = await db.$executeRaw`
    INSERT INTO "UsageDailyRollup" ("tenantId", "day", "feature", "model", "provider", "calls", "tokensIn", "tokensOut",
      "cacheWriteTokens", "cacheReadTokens", "computeMs", "costMicros", "updatedAt")
    SELECT "tenantId", ("occurredAt")::date, "feature", "model", "provider", count(*)::int,
      sum("tokensIn")::bigint, sum("tokensOut")::bigint, sum("cacheWriteTokens")::bigint, sum("cacheReadTokens")::bigint,
      sum("computeMs")::bigint, sum("costMicros")::bigint, now()
    FROM "UsageEvent"
    WHERE "occurredAt" >= ${utcTimestamp(from)} AND (${until}::timestamp IS NULL OR "occurredAt" < ${until})
      AND (${tenantId}::text IS NULL OR "tenantId" = ${tenantId}::text)
    GROUP BY 1, 2, 3, 4, 5
    -- A fixed order makes concurrent runs lock rollup rows in the same sequence, so they queue instead of deadlocking.
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT ("tenantId", "day", "feature", "model", "provider") DO UPDATE SET
      "calls" = EXCLUDED."calls", "tokensIn" = EXCLUDED."tokensIn", "tokensOut" = EXCLUDED."tokensOut",
      "cacheWriteTokens" = EXCLUDED."cacheWriteTokens", "cacheReadTokens" = EXCLUDED."cacheReadTokens",
      "computeMs" = EXCLUDED."computeMs", "costMicros" = EXCLUDED."costMicros", "updatedAt" = now()`;
  return { from, groups };
}

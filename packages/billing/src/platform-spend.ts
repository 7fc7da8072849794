import { requirePlatformAdmin, type SystemClient } from '@helpdesk/db';
import type { DateRange } from './date-range';
import { ledgerSplit } from './usage-source';
import { utcTimestamp as ts } from './sql-time';

export interface TenantSpend {
  tenantId: string;
  name: string;
  slug: string;
  calls: bigint;
  localMicros: bigint;
  cloudMicros: bigint;
  costMicros: bigint;
}

/**
 * Every tenant's spend over a range, for platform admins only (the caller passes the signed-in user's
 * platformAdmin flag). Same split as tenant reports: rollups for complete days, the ledger after.
 */
export async function platformSpend(systemDb: SystemClient, viewer: { platformAdmin: boolean }, range: DateRange): Promise<TenantSpend[]> {
  requirePlatformAdmin(viewer, 'Only platform administrators can see every tenant');
  const split = ledgerSplit(range);
  return systemDb.$queryRaw<TenantSpend[]>`
    WITH usage AS (
      SELECT "tenantId", "provider", "calls"::bigint AS "calls", "costMicros"
      FROM "UsageDailyRollup"
      WHERE "day" >= (${ts(range.from)})::date AND "day" < (${ts(split)})::date
      UNION ALL
      SELECT "tenantId", "provider", count(*)::bigint, sum("costMicros")::bigint
      FROM "UsageEvent"
      WHERE "occurredAt" >= ${ts(split)} AND "occurredAt" < ${ts(range.to)}
      GROUP BY 1, 2
    )
    SELECT t."id" AS "tenantId", t."name", t."slug",
      coalesce(sum(u."calls"), 0)::bigint AS "calls",
      coalesce(sum(u."costMicros") FILTER (WHERE u."provider" = 'LOCAL'), 0)::bigint AS "localMicros",
      coalesce(sum(u."costMicros") FILTER (WHERE u."provider" = 'CLOUD'), 0)::bigint AS "cloudMicros",
      coalesce(sum(u."costMicros"), 0)::bigint AS "costMicros"
    FROM "Tenant" t LEFT JOIN usage u ON u."tenantId" = t."id"
    GROUP BY t."id", t."name", t."slug"
    ORDER BY 7 DESC, t."name"`;
}

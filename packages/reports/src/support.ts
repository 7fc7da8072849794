import { businessHoursSchema, type BusinessHours } from '@helpdesk/core';
import { NotFoundError, Prisma, type Db } from '@helpdesk/db';
import { addDays, rangeBoundsSql, type ReportRange } from './range';

/** Median and 90th percentile of a duration, in minutes (null when no ticket has one). */
export interface Durations {
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

/** Tickets with a target that has been decided: met it, or missed it (late, or still waiting past it). */
export interface Attainment {
  met: number;
  missed: number;
  /** Share met, 0..1; null when no ticket's target has been decided yet. */
  rate: number | null;
}

export interface SupportRow {
  /** null for "none" (no group, unassigned, uncategorised). */
  id: string | null;
  name: string;
  created: number;
  firstResponse: Durations;
  resolution: Durations;
  firstResponseSla: Attainment;
  resolutionSla: Attainment;
}

export interface VolumePoint {
  /** First day of the bucket (YYYY-MM-DD, the tenant's calendar). */
  period: string;
  created: number;
  solved: number;
}

export interface SupportReport {
  range: ReportRange;
  /** How durations are measured: working time inside the tenant's business hours, or wall-clock time. */
  clock: { kind: 'business'; hours: BusinessHours } | { kind: 'calendar' };
  volume: VolumePoint[];
  totals: SupportRow;
  byGroup: SupportRow[];
  byAgent: SupportRow[];
  byCategory: SupportRow[];
}

export type Breakdown = 'group' | 'agent' | 'category';

interface CohortRow {
  g_group: number;
  g_agent: number;
  g_category: number;
  group_id: string | null;
  agent_id: string | null;
  category_id: string | null;
  created: number;
  responded: number;
  resolved: number;
  frt_median: number | null;
  frt_p90: number | null;
  rt_median: number | null;
  rt_p90: number | null;
  fr_met: number;
  fr_missed: number;
  res_met: number;
  res_missed: number;
}

/** The instant a ticket was resolved: solved, or closed without passing through Solved. */
const RESOLVED_AT = Prisma.sql`COALESCE(t."solvedAt", t."closedAt")`;

/** Minutes from a to b (UTC `timestamp` columns): wall-clock, or only the part inside business hours. */
function elapsedMinutesSql(a: Prisma.Sql, b: Prisma.Sql, hours: BusinessHours | null, timeZone: string): Prisma.Sql {
  const at = Prisma.sql`(${a} AT TIME ZONE 'UTC')`;
  const bt = Prisma.sql`(${b} AT TIME ZONE 'UTC')`;
  if (!hours) return Prisma.sql`(EXTRACT(EPOCH FROM (${bt} - ${at})) / 60.0)`;
  // One row per local calendar day the interval touches; each working day adds its overlap with the window. The
  // window's ends are turned into instants per day, so a day on which the clocks change is measured correctly.
  return Prisma.sql`(SELECT COALESCE(SUM(GREATEST(0, EXTRACT(EPOCH FROM
      LEAST(${bt}, (d + ${hours.end}::time) AT TIME ZONE ${timeZone}) - GREATEST(${at}, (d + ${hours.start}::time) AT TIME ZONE ${timeZone})))), 0) / 60.0
    FROM generate_series(date_trunc('day', ${at} AT TIME ZONE ${timeZone}), date_trunc('day', ${bt} AT TIME ZONE ${timeZone}), interval '1 day') AS d
    WHERE EXTRACT(DOW FROM d)::int = ANY(${hours.days}::int[]))`;
}

function durations(count: number, median: number | null, p90: number | null): Durations {
  const round = (v: number | null) => (v === null ? null : Math.round(Number(v) * 100) / 100);
  return { count, medianMinutes: round(median), p90Minutes: round(p90) };
}

function attainment(met: number, missed: number): Attainment {
  return { met, missed, rate: met + missed === 0 ? null : met / (met + missed) };
}

const NONE_NAMES: Record<Breakdown, string> = { group: 'No group', agent: 'Unassigned', category: 'Uncategorised' };

/**
 * Volume, first-response and resolution times (median, p90) and SLA attainment for the tickets created in the range,
 * in total and by group, assignee and category. Every query names the tenant; one pass over the tenant's tickets of
 * the range (index on tenantId, createdAt) computes all four groupings at once.
 */
export async function supportReport(db: Db, tenantId: string, range: ReportRange, now = new Date()): Promise<SupportReport> {
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { businessHours: true } });
  if (!tenant) throw new NotFoundError('tenant');
  const parsed = tenant.businessHours ? businessHoursSchema.safeParse(tenant.businessHours) : null;
  const hours = parsed?.success ? parsed.data : null;
  const tz = range.timeZone;
  const { from, to } = rangeBoundsSql(range);
  const nowSql = Prisma.sql`(${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  const frt = elapsedMinutesSql(Prisma.sql`t."createdAt"`, Prisma.sql`t."firstRespondedAt"`, hours, tz);
  const rt = elapsedMinutesSql(Prisma.sql`t."createdAt"`, RESOLVED_AT, hours, tz);

  const [rows, volumeRows] = await Promise.all([
    db.$queryRaw<CohortRow[]>`
      WITH cohort AS (
        SELECT t."groupId" AS group_id, t."assigneeId" AS agent_id, t."categoryId" AS category_id,
          CASE WHEN t."firstRespondedAt" IS NOT NULL THEN ${frt} END AS frt,
          CASE WHEN ${RESOLVED_AT} IS NOT NULL THEN ${rt} END AS rt,
          CASE WHEN t."firstResponseDueAt" IS NULL THEN NULL
               WHEN t."firstRespondedAt" IS NOT NULL THEN t."firstRespondedAt" <= t."firstResponseDueAt"
               WHEN t."firstResponseDueAt" < ${nowSql} THEN false END AS fr_met,
          CASE WHEN t."resolutionDueAt" IS NULL THEN NULL
               WHEN ${RESOLVED_AT} IS NOT NULL THEN ${RESOLVED_AT} <= t."resolutionDueAt"
               WHEN t."resolutionDueAt" < ${nowSql} THEN false END AS res_met
        FROM "Ticket" t
        WHERE t."tenantId" = ${tenantId} AND t."createdAt" >= ${from} AND t."createdAt" < ${to}
      )
      SELECT GROUPING(group_id)::int AS g_group, GROUPING(agent_id)::int AS g_agent, GROUPING(category_id)::int AS g_category,
        group_id, agent_id, category_id,
        count(*)::int AS created, count(frt)::int AS responded, count(rt)::int AS resolved,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY frt) AS frt_median, percentile_cont(0.9) WITHIN GROUP (ORDER BY frt) AS frt_p90,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY rt) AS rt_median, percentile_cont(0.9) WITHIN GROUP (ORDER BY rt) AS rt_p90,
        count(*) FILTER (WHERE fr_met)::int AS fr_met, count(*) FILTER (WHERE NOT fr_met)::int AS fr_missed,
        count(*) FILTER (WHERE res_met)::int AS res_met, count(*) FILTER (WHERE NOT res_met)::int AS res_missed
      FROM cohort
      GROUP BY GROUPING SETS ((), (group_id), (agent_id), (category_id))`,
    db.$queryRaw<{ period: string; created: number; solved: number }[]>`
      SELECT to_char(bucket, 'YYYY-MM-DD') AS period, count(*) FILTER (WHERE kind = 'c')::int AS created, count(*) FILTER (WHERE kind = 's')::int AS solved
      FROM (
        SELECT date_trunc(${range.bucket}::text, (t."createdAt" AT TIME ZONE 'UTC') AT TIME ZONE ${tz}) AS bucket, 'c' AS kind
        FROM "Ticket" t WHERE t."tenantId" = ${tenantId} AND t."createdAt" >= ${from} AND t."createdAt" < ${to}
        UNION ALL
        SELECT date_trunc(${range.bucket}::text, (t."solvedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${tz}), 's'
        FROM "Ticket" t WHERE t."tenantId" = ${tenantId} AND t."solvedAt" >= ${from} AND t."solvedAt" < ${to}
      ) x
      GROUP BY bucket`,
  ]);

  const ids = (key: 'group_id' | 'agent_id' | 'category_id') => [
    ...new Set(rows.map((r) => r[key]).filter((v): v is string => v !== null)),
  ];
  const [groups, members, categories] = await Promise.all([
    db.group.findMany({ where: { tenantId, id: { in: ids('group_id') } }, select: { id: true, name: true } }),
    db.membership.findMany({
      where: { tenantId, userId: { in: ids('agent_id') } },
      select: { userId: true, user: { select: { name: true } } },
    }),
    db.category.findMany({ where: { tenantId, id: { in: ids('category_id') } }, select: { id: true, name: true } }),
  ]);
  const names: Record<Breakdown, Map<string, string>> = {
    group: new Map(groups.map((g) => [g.id, g.name])),
    agent: new Map(members.map((m) => [m.userId, m.user.name])),
    category: new Map(categories.map((c) => [c.id, c.name])),
  };

  const toRow = (r: CohortRow, id: string | null, name: string): SupportRow => ({
    id,
    name,
    created: r.created,
    firstResponse: durations(r.responded, r.frt_median, r.frt_p90),
    resolution: durations(r.resolved, r.rt_median, r.rt_p90),
    firstResponseSla: attainment(r.fr_met, r.fr_missed),
    resolutionSla: attainment(r.res_met, r.res_missed),
  });
  const breakdown = (kind: Breakdown, key: 'group_id' | 'agent_id' | 'category_id', flag: 'g_group' | 'g_agent' | 'g_category') =>
    rows
      .filter((r) => r[flag] === 0 && r.g_group + r.g_agent + r.g_category === 2)
      // An assignee who has since left the workspace keeps their rows, named as a former member.
      .map((r) =>
        toRow(
          r,
          r[key],
          r[key] === null ? NONE_NAMES[kind] : (names[kind].get(r[key]) ?? (kind === 'agent' ? 'Former member' : 'Deleted')),
        ),
      )
      .sort((a, b) => b.created - a.created || a.name.localeCompare(b.name));
  const total = rows.find((r) => r.g_group + r.g_agent + r.g_category === 3);
  const empty: CohortRow = {
    g_group: 1,
    g_agent: 1,
    g_category: 1,
    group_id: null,
    agent_id: null,
    category_id: null,
    created: 0,
    responded: 0,
    resolved: 0,
    frt_median: null,
    frt_p90: null,
    rt_median: null,
    rt_p90: null,
    fr_met: 0,
    fr_missed: 0,
    res_met: 0,
    res_missed: 0,
  };

  return {
    range,
    clock: hours ? { kind: 'business', hours } : { kind: 'calendar' },
    volume: fillBuckets(range, volumeRows),
    totals: toRow(total ?? empty, null, 'All tickets'),
    byGroup: breakdown('group', 'group_id', 'g_group'),
    byAgent: breakdown('agent', 'agent_id', 'g_agent'),
    byCategory: breakdown('category', 'category_id', 'g_category'),
  };
}

/** Every bucket of the range, empty ones included, so a chart's gaps are real zeros. */
function fillBuckets(range: ReportRange, rows: { period: string; created: number; solved: number }[]): VolumePoint[] {
  const byPeriod = new Map(rows.map((r) => [r.period, r]));
  const points: VolumePoint[] = [];
  let day = range.fromDay;
  if (range.bucket === 'week') {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    day = addDays(day, -((weekday + 6) % 7));
  }
  const step = range.bucket === 'week' ? 7 : 1;
  for (; day <= range.toDay; day = addDays(day, step)) {
    const r = byPeriod.get(day);
    points.push({ period: day, created: r?.created ?? 0, solved: r?.solved ?? 0 });
  }
  return points;
}

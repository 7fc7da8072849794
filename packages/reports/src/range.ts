import { formatDay, lastInclusiveDay, parseDayRange } from '@helpdesk/billing';
import { Prisma } from '@helpdesk/db';

/**
 * A report's span in the tenant's own calendar: `fromDay`..`toDay` inclusive, each day running from local midnight
 * to local midnight in `timeZone`, so "Monday" in the report is Monday where the team works.
 */
export interface ReportRange {
  fromDay: string;
  toDay: string;
  timeZone: string;
  /** Days per bucket of the volume chart: one day up to 92 days, ISO weeks (Monday first) beyond. */
  bucket: 'day' | 'week';
}

const WEEKLY_AFTER_DAYS = 92;

/** Today's date where the tenant is, as YYYY-MM-DD. */
export function localDay(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * The dates a lead picks (inclusive, YYYY-MM-DD; by default the last 30 days ending today in the tenant's zone),
 * validated by billing's range rules (a ValidationError naming `from` or `to`).
 */
export function parseReportRange(
  from: string | null | undefined,
  to: string | null | undefined,
  timeZone: string,
  now = new Date(),
): ReportRange {
  const todayHere = new Date(`${localDay(now, timeZone)}T00:00:00Z`);
  const days = parseDayRange(from || null, to || null, todayHere);
  const spanDays = Math.round((days.to.getTime() - days.from.getTime()) / 86_400_000);
  return { fromDay: formatDay(days.from), toDay: lastInclusiveDay(days), timeZone, bucket: spanDays > WEEKLY_AFTER_DAYS ? 'week' : 'day' };
}

/**
 * Local midnight of a day in the zone, as the UTC `timestamp` the tables store. Postgres resolves the zone's
 * offset for that very date, so the day a clock changes has its true 23 or 25 hours.
 */
export function localMidnightSql(day: string, timeZone: string): Prisma.Sql {
  return Prisma.sql`((${day}::date::timestamp AT TIME ZONE ${timeZone}) AT TIME ZONE 'UTC')`;
}

export function addDays(day: string, days: number): string {
  return formatDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));
}

/** `[from, to)` of the range as SQL bounds: from local midnight of fromDay to local midnight after toDay. */
export function rangeBoundsSql(range: ReportRange): { from: Prisma.Sql; to: Prisma.Sql } {
  return { from: localMidnightSql(range.fromDay, range.timeZone), to: localMidnightSql(addDays(range.toDay, 1), range.timeZone) };
}

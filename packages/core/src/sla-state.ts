import { Prisma, TicketStatus } from '@helpdesk/db';

/**
 * The one definition of an SLA's state. The function below (used by every list and detail page) and the SQL
 * fragments (used by filters, saved views and the breach sweep) are written from the same constants, so a
 * ticket a view calls "breached" is the ticket the badge and the sweep call breached.
 */

/** Statuses whose SLA clocks run: the ticket still waits on the team. */
export const OPEN_STATUSES = [
  TicketStatus.NEW,
  TicketStatus.OPEN,
  TicketStatus.PENDING,
  TicketStatus.ON_HOLD,
] as const satisfies readonly TicketStatus[];

/** A ticket counts as at risk when an SLA deadline falls within this window and has not passed yet. */
export const AT_RISK_WINDOW_MINUTES = 60;
const AT_RISK_WINDOW_MS = AT_RISK_WINDOW_MINUTES * 60_000;

export type SlaState = 'breached' | 'at_risk' | 'ok' | 'none';
export type SlaTarget = 'first_response' | 'resolution';

export interface SlaFields {
  status: TicketStatus;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  firstRespondedAt: Date | null;
  slaBreachedAt: Date | null;
}

/** `dueAt`/`target` name the next deadline still running; a breach marked by the sweep stays breached after it stops. */
export interface SlaStatus {
  state: SlaState;
  target: SlaTarget | null;
  dueAt: Date | null;
  remainingMs: number | null;
}

export function isOpenStatus(status: TicketStatus): boolean {
  return (OPEN_STATUSES as readonly TicketStatus[]).includes(status);
}

export function slaState(t: SlaFields, now: Date): SlaStatus {
  const open = isOpenStatus(t.status);
  const firstDue = open && !t.firstRespondedAt ? t.firstResponseDueAt : null;
  const resolutionDue = open ? t.resolutionDueAt : null;
  const target: SlaTarget | null =
    firstDue && (!resolutionDue || firstDue <= resolutionDue) ? 'first_response' : resolutionDue ? 'resolution' : null;
  const dueAt = target === 'first_response' ? firstDue : target === 'resolution' ? resolutionDue : null;
  const remainingMs = dueAt ? dueAt.getTime() - now.getTime() : null;
  const state: SlaState =
    t.slaBreachedAt || (remainingMs !== null && remainingMs < 0)
      ? 'breached'
      : remainingMs === null
        ? 'none'
        : remainingMs <= AT_RISK_WINDOW_MS
          ? 'at_risk'
          : 'ok';
  return { state, target, dueAt, remainingMs };
}

// Literals, not parameters: the planner can then match the partial indexes that the sweeps rely on
// (a parameter list cannot prove a partial index's predicate in a generic plan).
const openList = Prisma.raw(OPEN_STATUSES.map((s) => `'${s}'::"TicketStatus"`).join(', '));

/** An open ticket (alias `t`); the SQL twin of `isOpenStatus`. */
export const openStatusSql = Prisma.sql`t.status IN (${openList})`;

/** An open ticket (alias `t`) with a deadline before `at`; `slaState` says the same of one loaded ticket. */
function clockBeforeSql(at: Date, inclusive: boolean): Prisma.Sql {
  const op = Prisma.raw(inclusive ? '<=' : '<');
  return Prisma.sql`(${openStatusSql} AND (
    (t."firstRespondedAt" IS NULL AND t."firstResponseDueAt" ${op} ${at}) OR t."resolutionDueAt" ${op} ${at}))`;
}

/** An open ticket with a clock still running past its due date; the SLA sweep flags exactly these. */
export function pastDueSql(now: Date): Prisma.Sql {
  return clockBeforeSql(now, false);
}

/** The SQL form of `slaState(t, now).state === 'breached'`: marked by the sweep, or past due (the sweep may lag). */
export function slaBreachedSql(now: Date): Prisma.Sql {
  return Prisma.sql`(t."slaBreachedAt" IS NOT NULL OR ${pastDueSql(now)})`;
}

/**
 * The SQL form of `slaState(t, now).state === 'at_risk'`. `IS NOT TRUE`, not `NOT`: a ticket without a
 * first-response deadline makes the breach test NULL, and `NOT NULL` would drop it from the at-risk list.
 */
export function slaAtRiskSql(now: Date): Prisma.Sql {
  const until = new Date(now.getTime() + AT_RISK_WINDOW_MS);
  // The last three lines follow from the first two (not breached, so a running clock is not yet due), but spelled out
  // they let the planner read the sweeps' partial indexes: a million-ticket tenant's at-risk count took 1.3 s without.
  return Prisma.sql`(${slaBreachedSql(now)} IS NOT TRUE AND ${clockBeforeSql(until, true)}
    AND t."slaBreachedAt" IS NULL AND ${openStatusSql}
    AND ((t."firstRespondedAt" IS NULL AND t."firstResponseDueAt" >= ${now} AND t."firstResponseDueAt" <= ${until})
      OR (t."resolutionDueAt" >= ${now} AND t."resolutionDueAt" <= ${until})))`;
}

/** Which clock the sweep records as breached: the SQL twin of `slaState`'s `target` for a past-due ticket. */
export function breachedTargetSql(now: Date): Prisma.Sql {
  return Prisma.sql`CASE WHEN t."firstRespondedAt" IS NULL AND t."firstResponseDueAt" < ${now} THEN 'first_response' ELSE 'resolution' END`;
}

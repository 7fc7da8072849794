import { Prisma } from '@helpdesk/db';

/**
 * The ledger stores UTC in `timestamp without time zone`; binding an ISO instant and converting it here keeps
 * comparisons right whatever the session's TimeZone is.
 */
export function utcTimestamp(d: Date): Prisma.Sql {
  return Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
}

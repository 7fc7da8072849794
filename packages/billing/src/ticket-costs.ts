import type { Tx } from '@helpdesk/db';
import type { DateRange } from './date-range';
import { utcTimestamp as ts } from './sql-time';

export interface TicketCost {
  ticketId: string;
  number: number | null;
  subject: string | null;
  calls: bigint;
  costMicros: bigint;
}

export interface TicketCostReport {
  tickets: bigint;
  ticketMicros: bigint;
  averageMicros: bigint;
  mostExpensive: TicketCost[];
}

/**
 * AI cost attributed to tickets over a range (calls with no ticket, such as knowledge-base embedding, are not
 * in it). Reads the ledger: rollups do not keep the ticket.
 */
export async function ticketCosts(db: Tx, tenantId: string, range: DateRange, limit = 10): Promise<TicketCostReport> {
  const [summary] = await db.$queryRaw<{ tickets: bigint; micros: bigint | null }[]>`
    SELECT count(DISTINCT "ticketId")::bigint AS "tickets", sum("costMicros")::bigint AS "micros"
    FROM "UsageEvent"
    WHERE "tenantId" = ${tenantId} AND "ticketId" IS NOT NULL AND "occurredAt" >= ${ts(range.from)} AND "occurredAt" < ${ts(range.to)}`;
  const top = await db.$queryRaw<TicketCost[]>`
    SELECT u."ticketId", t."number", t."subject", u."calls", u."costMicros"
    FROM (
      SELECT "ticketId", count(*)::bigint AS "calls", sum("costMicros")::bigint AS "costMicros"
      FROM "UsageEvent"
      WHERE "tenantId" = ${tenantId} AND "ticketId" IS NOT NULL AND "occurredAt" >= ${ts(range.from)} AND "occurredAt" < ${ts(range.to)}
      GROUP BY "ticketId"
      ORDER BY 3 DESC, 1
      LIMIT ${limit}
    ) u
    LEFT JOIN "Ticket" t ON t."id" = u."ticketId" AND t."tenantId" = ${tenantId}
    ORDER BY u."costMicros" DESC, u."ticketId"`;
  const tickets = summary?.tickets ?? 0n;
  const ticketMicros = summary?.micros ?? 0n;
  return { tickets, ticketMicros, averageMicros: tickets === 0n ? 0n : ticketMicros / tickets, mostExpensive: top };
}

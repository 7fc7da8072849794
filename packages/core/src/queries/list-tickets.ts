import { Prisma, type Db } from '@helpdesk/db';
import { cursorConditionSql, encodeCursor, orderBySql } from './keyset-cursor';
import { ticketWhereSql, type TicketFilters, type TicketSort } from './ticket-filters';
import { pageSql, TICKET_COLUMNS, toListItem, type TicketListItem, type TicketRow } from './ticket-rows';

export const MAX_PAGE_SIZE = 100;

export interface ListOptions {
  /** Resolves assigneeId 'me' and the unread markers. */
  viewerId?: string | null;
  now?: Date;
}

export interface TicketPage {
  items: TicketListItem[];
  /** Opaque; pass back to get the rows strictly after this page. Null on the last page. */
  nextCursor: string | null;
}

/**
 * One page of a tenant's tickets. Keyset pagination over the sort key plus id, so a page costs the same
 * at any depth and rows updated while paging are neither skipped twice nor shown twice within one sort key.
 */
export async function listTickets(
  db: Db,
  tenantId: string,
  filters: TicketFilters,
  sort: TicketSort = 'updated_desc',
  cursor: string | null = null,
  limit = 25,
  options: ListOptions = {},
): Promise<TicketPage> {
  const viewerId = options.viewerId ?? null;
  const now = options.now ?? new Date();
  const take = Math.min(Math.max(1, Math.trunc(limit)), MAX_PAGE_SIZE);
  const where = ticketWhereSql(tenantId, filters, viewerId, now);
  const after = cursor ? Prisma.sql`AND ${cursorConditionSql(sort, cursor)}` : Prisma.empty;
  const inner = Prisma.sql`
    SELECT ${TICKET_COLUMNS} FROM "Ticket" t
     WHERE ${where} ${after}
     ORDER BY ${orderBySql(sort)}
     LIMIT ${take + 1}`;
  const rows = await db.$queryRaw<TicketRow[]>(pageSql(tenantId, viewerId, inner, orderBySql(sort)));
  const page = rows.slice(0, take);
  const last = page.at(-1);
  return {
    items: page.map((r) => toListItem(r, viewerId, now)),
    nextCursor: rows.length > take && last ? encodeCursor(sort, last) : null,
  };
}

import { Prisma, type Priority, type TicketStatus } from '@helpdesk/db';
import { slaState, type SlaStatus } from '../sla-state';

/** The Ticket columns a page needs; inner queries select these, `pageSql` adds names, tags and read markers. */
export const TICKET_COLUMNS = Prisma.sql`t.id, t.number, t.subject, t.status, t.priority, t."assigneeId", t."customerId",
  t."createdAt", t."updatedAt", t."lastCustomerMessageAt", t."firstResponseDueAt", t."resolutionDueAt",
  t."firstRespondedAt", t."slaBreachedAt"`;

/** What one row of `pageSql` carries. */
export interface TicketRow {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: Priority;
  assigneeId: string | null;
  customerId: string;
  createdAt: Date;
  updatedAt: Date;
  lastCustomerMessageAt: Date | null;
  firstResponseDueAt: Date | null;
  resolutionDueAt: Date | null;
  firstRespondedAt: Date | null;
  slaBreachedAt: Date | null;
  lastReadAt: Date | null;
  customerName: string | null;
  customerEmail: string;
  assigneeName: string | null;
  tags: string[];
}

/**
 * Wraps a query that picks one page of tickets (alias t, already limited) and joins what a list shows, so a page
 * is a single round trip whose joins only ever touch the page's rows. `order` must repeat the inner order.
 */
export function pageSql(
  tenantId: string,
  viewerId: string | null,
  inner: Prisma.Sql,
  order: Prisma.Sql,
  extraColumns: Prisma.Sql = Prisma.empty,
): Prisma.Sql {
  return Prisma.sql`
    WITH page AS MATERIALIZED (${inner})
    SELECT t.*, r."lastReadAt", c.name AS "customerName", c.email AS "customerEmail", u.name AS "assigneeName",
           ARRAY(SELECT g.name FROM "TicketTag" tt JOIN "Tag" g ON g.id = tt."tagId"
                  WHERE tt."tenantId" = ${tenantId} AND tt."ticketId" = t.id ORDER BY g.name) AS tags
           ${extraColumns}
      FROM page t
      JOIN "Customer" c ON c.id = t."customerId" AND c."tenantId" = ${tenantId}
      LEFT JOIN "User" u ON u.id = t."assigneeId"
      LEFT JOIN "TicketRead" r ON r."ticketId" = t.id AND r."tenantId" = ${tenantId} AND r."userId" = ${viewerId ?? ''}
     ORDER BY ${order}`;
}

export interface TicketListItem {
  id: string;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: Priority;
  createdAt: Date;
  updatedAt: Date;
  customer: { id: string; name: string | null; email: string };
  assignee: { id: string; name: string } | null;
  tags: string[];
  sla: SlaStatus;
  unread: boolean;
}

export function toListItem(r: TicketRow, viewerId: string | null, now: Date): TicketListItem {
  return {
    id: r.id,
    number: r.number,
    subject: r.subject,
    status: r.status,
    priority: r.priority,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    customer: { id: r.customerId, name: r.customerName, email: r.customerEmail },
    assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName ?? 'Former member' } : null,
    tags: r.tags,
    sla: slaState(r, now),
    unread: viewerId !== null && r.lastCustomerMessageAt !== null && (r.lastReadAt === null || r.lastCustomerMessageAt > r.lastReadAt),
  };
}

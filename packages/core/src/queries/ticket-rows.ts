import { Prisma, type Db, type Priority, type TicketStatus } from '@helpdesk/db';
import { slaStateOf, type SlaState } from './ticket-filters';

/** What one raw list/search row carries; the columns below select exactly this. */
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
}

export const TICKET_ROW_COLUMNS = Prisma.sql`t.id, t.number, t.subject, t.status, t.priority, t."assigneeId", t."customerId",
  t."createdAt", t."updatedAt", t."lastCustomerMessageAt", t."firstResponseDueAt", t."resolutionDueAt",
  t."firstRespondedAt", t."slaBreachedAt", r."lastReadAt"`;

/** Joins the viewer's read marker; with no viewer nothing matches and every ticket reads as seen. */
export function readJoinSql(tenantId: string, viewerId: string | null): Prisma.Sql {
  return Prisma.sql`LEFT JOIN "TicketRead" r ON r."ticketId" = t.id AND r."tenantId" = ${tenantId} AND r."userId" = ${viewerId ?? ''}`;
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
  sla: { state: SlaState; dueAt: Date | null };
  unread: boolean;
}

/** Loads the names a list shows for a page of rows: a fixed number of indexed queries per page. */
export async function hydrateTicketRows(db: Db, tenantId: string, rows: TicketRow[], viewerId: string | null, now: Date): Promise<TicketListItem[]> {
  if (rows.length === 0) return [];
  const ticketIds = rows.map((r) => r.id);
  const customerIds = [...new Set(rows.map((r) => r.customerId))];
  const assigneeIds = [...new Set(rows.flatMap((r) => (r.assigneeId ? [r.assigneeId] : [])))];
  const [customers, members, tags] = await Promise.all([
    db.customer.findMany({ where: { tenantId, id: { in: customerIds } }, select: { id: true, name: true, email: true } }),
    db.membership.findMany({ where: { tenantId, userId: { in: assigneeIds } }, select: { user: { select: { id: true, name: true } } } }),
    db.ticketTag.findMany({ where: { tenantId, ticketId: { in: ticketIds } }, select: { ticketId: true, tag: { select: { name: true } } } }),
  ]);
  const customerById = new Map(customers.map((c) => [c.id, c]));
  const userById = new Map(members.map((m) => [m.user.id, m.user]));
  const tagsByTicket = new Map<string, string[]>();
  for (const t of tags) tagsByTicket.set(t.ticketId, [...(tagsByTicket.get(t.ticketId) ?? []), t.tag.name]);
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    subject: r.subject,
    status: r.status,
    priority: r.priority,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    customer: customerById.get(r.customerId) ?? { id: r.customerId, name: null, email: '' },
    assignee: r.assigneeId ? (userById.get(r.assigneeId) ?? { id: r.assigneeId, name: 'Former member' }) : null,
    tags: (tagsByTicket.get(r.id) ?? []).sort(),
    sla: slaStateOf(r, now),
    unread: viewerId !== null && r.lastCustomerMessageAt !== null && (r.lastReadAt === null || r.lastCustomerMessageAt > r.lastReadAt),
  }));
}

import { NotFoundError, type Db } from '@helpdesk/db';
import { slaState } from '../sla-state';

export const AUDIT_LOG_LIMIT = 100;

/** Everything the ticket page shows, in a fixed number of tenant-scoped queries. */
export async function getTicketDetail(db: Db, tenantId: string, number: number, options: { viewerId?: string | null; now?: Date } = {}) {
  // Numbers are int4 in Postgres: a larger one cannot exist, and asking for it would be a driver error.
  if (!Number.isInteger(number) || number < 1 || number > 2_147_483_647) throw new NotFoundError('Ticket');
  const now = options.now ?? new Date();
  const ticket = await db.ticket.findFirst({
    where: { tenantId, number },
    include: {
      customer: true,
      assignee: { select: { id: true, name: true, email: true } },
      group: { select: { id: true, name: true } },
      category: { select: { id: true, key: true, name: true } },
      tags: { where: { tenantId }, select: { tag: { select: { id: true, name: true } } } },
    },
  });
  if (!ticket) throw new NotFoundError('Ticket');
  const [messages, auditLog, lastRead] = await Promise.all([
    db.message.findMany({
      where: { tenantId, ticketId: ticket.id },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      include: {
        attachments: { where: { tenantId }, select: { id: true, filename: true, contentType: true, size: true } },
        customer: { select: { id: true, name: true, email: true } },
      },
    }),
    db.auditLog.findMany({ where: { tenantId, ticketId: ticket.id }, orderBy: { createdAt: 'desc' }, take: AUDIT_LOG_LIMIT }),
    options.viewerId
      ? db.ticketRead.findFirst({ where: { tenantId, userId: options.viewerId, ticketId: ticket.id }, select: { lastReadAt: true } })
      : Promise.resolve(null),
  ]);
  const userIds = [
    ...new Set([
      ...messages.flatMap((m) => (m.authorUserId ? [m.authorUserId] : [])),
      ...auditLog.flatMap((a) => (a.actorType === 'USER' && a.actorId ? [a.actorId] : [])),
    ]),
  ];
  const authors = userIds.length
    ? await db.membership.findMany({ where: { tenantId, userId: { in: userIds } }, select: { user: { select: { id: true, name: true } } } })
    : [];
  const nameOf = new Map(authors.map((a) => [a.user.id, a.user.name]));
  const { tags, ...rest } = ticket;
  return {
    ...rest,
    tags: tags.map((t) => t.tag).sort((a, b) => a.name.localeCompare(b.name)),
    sla: slaState(ticket, now),
    lastReadAt: lastRead?.lastReadAt ?? null,
    /** The id a reply composer passes as expectedLastMessageId, to detect a thread that moved on. */
    lastMessageId: messages.at(-1)?.id ?? null,
    messages: messages.map((m) => ({
      ...m,
      author:
        m.kind === 'CUSTOMER'
          ? (m.customer?.name ?? m.customer?.email ?? ticket.customer.email)
          : m.authorUserId
            ? (nameOf.get(m.authorUserId) ?? 'Former member')
            : 'System',
    })),
    auditLog: auditLog.map((a) => ({ ...a, actorName: a.actorId ? (nameOf.get(a.actorId) ?? null) : null })),
  };
}

export type TicketDetail = Awaited<ReturnType<typeof getTicketDetail>>;

import { NotFoundError, ValidationError, type Db, type TicketStatus } from '@helpdesk/db';
import { cursorDate, cursorId } from './keyset-cursor';
import { listTickets } from './list-tickets';

const PAGE = 50;

/** Customers newest first, optionally narrowed by a name or email fragment; keyset on (createdAt, id). */
export async function listCustomers(db: Db, tenantId: string, options: { q?: string; cursor?: string | null; limit?: number } = {}) {
  const take = Math.min(Math.max(1, options.limit ?? PAGE), 100);
  const q = options.q?.trim();
  if (q && q.length > 200) throw new ValidationError('q', 'is at most 200 characters');
  const after = options.cursor ? decodeCustomerCursor(options.cursor) : null;
  const rows = await db.customer.findMany({
    where: {
      tenantId,
      AND: [
        q ? { OR: [{ email: { contains: q, mode: 'insensitive' } }, { name: { contains: q, mode: 'insensitive' } }] } : {},
        after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {},
      ],
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: take + 1,
    include: { _count: { select: { tickets: true } } },
  });
  const page = rows.slice(0, take);
  const last = page.at(-1);
  return {
    items: page.map(({ _count, ...c }) => ({ ...c, ticketCount: _count.tickets })),
    nextCursor:
      rows.length > take && last ? Buffer.from(JSON.stringify([last.createdAt.toISOString(), last.id])).toString('base64url') : null,
  };
}

function decodeCustomerCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [at, rawId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const createdAt = cursorDate(at);
    const id = cursorId(rawId);
    if (id && createdAt) return { createdAt, id };
  } catch {
    // Falls through to the validation error below.
  }
  throw new ValidationError('cursor', 'is not a cursor this list returned');
}

/** A customer with their ticket history (most recent first) and a count per status. */
export async function customerProfile(
  db: Db,
  tenantId: string,
  customerId: string,
  options: { viewerId?: string | null; cursor?: string | null } = {},
) {
  const customer = await db.customer.findFirst({ where: { id: customerId, tenantId } });
  if (!customer) throw new NotFoundError('Customer');
  const [tickets, byStatus] = await Promise.all([
    listTickets(db, tenantId, { customerId }, 'updated_desc', options.cursor ?? null, 25, { viewerId: options.viewerId ?? null }),
    db.ticket.groupBy({ by: ['status'], where: { tenantId, customerId }, _count: { _all: true } }),
  ]);
  const statusCounts = Object.fromEntries(byStatus.map((s) => [s.status, s._count._all])) as Partial<Record<TicketStatus, number>>;
  return { customer, tickets, statusCounts, ticketCount: byStatus.reduce((n, s) => n + s._count._all, 0) };
}

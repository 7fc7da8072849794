import { NotFoundError, type Db } from '@helpdesk/db';

/** Checks that a ticket id names one of the tenant's tickets; routes call it before anything keyed by that id. */
export async function requireTenantTicket(db: Db, tenantId: string, ticketId: string): Promise<void> {
  const ticket = await db.ticket.findFirst({ where: { id: ticketId, tenantId }, select: { id: true } });
  if (!ticket) throw new NotFoundError('Ticket');
}

/** Clears the viewer's unread marker on a ticket; called when the ticket page renders for them. */
export async function markTicketRead(db: Db, tenantId: string, userId: string, ticketId: string, at = new Date()): Promise<void> {
  await db.ticketRead.upsert({
    where: { userId_ticketId: { userId, ticketId }, tenantId },
    create: { tenantId, userId, ticketId, lastReadAt: at },
    update: { lastReadAt: at },
  });
}

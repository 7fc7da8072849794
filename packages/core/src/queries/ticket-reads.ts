import type { Db } from '@helpdesk/db';

/** Clears the viewer's unread marker on a ticket; called when the ticket page renders for them. */
export async function markTicketRead(db: Db, tenantId: string, userId: string, ticketId: string, at = new Date()): Promise<void> {
  await db.ticketRead.upsert({
    where: { userId_ticketId: { userId, ticketId }, tenantId },
    create: { tenantId, userId, ticketId, lastReadAt: at },
    update: { lastReadAt: at },
  });
}

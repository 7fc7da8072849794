import type { Prisma, Tx } from '@helpdesk/db';
import type { OutboxEventType } from '@helpdesk/jobs';

export type TicketContentPayload = { tenantId: string; ticketId: string; contentVersion: number };
export type OutboundMessagePayload = { tenantId: string; messageId: string };

type PayloadFor<T extends OutboxEventType> = T extends 'ticket.created' | 'message.customer'
  ? TicketContentPayload
  : T extends 'message.outbound'
    ? OutboundMessagePayload
    : Prisma.InputJsonObject;

/** Same transaction as the change: the dispatcher only ever sees events for committed data. */
export async function writeOutbox<T extends OutboxEventType>(tx: Tx, tenantId: string, type: T, payload: PayloadFor<T>): Promise<void> {
  await tx.outboxEvent.create({ data: { tenantId, type, payload } });
}

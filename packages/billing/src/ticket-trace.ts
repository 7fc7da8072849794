import type { Tx, UsageEvent } from '@helpdesk/db';

export interface TicketTrace {
  events: UsageEvent[];
  totalMicros: bigint;
}

/** Every AI call recorded for one ticket, oldest first, with the total it cost. */
export async function ticketTrace(db: Tx, tenantId: string, ticketId: string): Promise<TicketTrace> {
  const events = await db.usageEvent.findMany({ where: { tenantId, ticketId }, orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] });
  return { events, totalMicros: events.reduce((sum, e) => sum + e.costMicros, 0n) };
}

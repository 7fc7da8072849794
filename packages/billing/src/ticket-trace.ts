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

/** The idempotency-key prefix of the demo history prisma/seed writes; no real call is recorded under it. */
export const DEMO_USAGE_KEY_PREFIX = 'seed:';

/** A seeded demo row: invented history for the demo tenant, never a call a model really made. */
export function isDemoUsage(event: { idempotencyKey: string }): boolean {
  return event.idempotencyKey.startsWith(DEMO_USAGE_KEY_PREFIX);
}

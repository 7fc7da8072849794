import type { Db } from '@helpdesk/db';
import { requireTenantTicket } from './ticket-reads';

/**
 * A short string that changes whenever what an inbox or ticket page shows changes; the live-update endpoint
 * compares it between polls (and serves it as an ETag) instead of diffing rows.
 */
export async function inboxChangeToken(db: Db, tenantId: string): Promise<string> {
  const [row] = await db.$queryRaw<{ at: Date | null }[]>`SELECT max("updatedAt") AS at FROM "Ticket" WHERE "tenantId" = ${tenantId}`;
  return `i:${row?.at?.getTime() ?? 0}`;
}

/** Notes and replies do not always touch the ticket row, so the thread and audit trail are part of the token. */
export async function ticketChangeToken(db: Db, tenantId: string, ticketId: string): Promise<string> {
  const [row] = await db.$queryRaw<{ t: Date | null; m: Date | null; n: bigint; a: Date | null; d: Date | null }[]>`
    SELECT (SELECT "updatedAt" FROM "Ticket" WHERE id = ${ticketId} AND "tenantId" = ${tenantId}) AS t,
           (SELECT max("createdAt") FROM "Message" WHERE "ticketId" = ${ticketId} AND "tenantId" = ${tenantId}) AS m,
           (SELECT count(*) FROM "Message" WHERE "ticketId" = ${ticketId} AND "tenantId" = ${tenantId}) AS n,
           (SELECT max("createdAt") FROM "AuditLog" WHERE "ticketId" = ${ticketId} AND "tenantId" = ${tenantId}) AS a,
           (SELECT max("updatedAt") FROM "AiDraft" WHERE "ticketId" = ${ticketId} AND "tenantId" = ${tenantId}) AS d`;
  const ms = (d: Date | null | undefined) => d?.getTime() ?? 0;
  return `t:${ms(row?.t)}.${ms(row?.m)}.${row?.n ?? 0}.${ms(row?.a)}.${ms(row?.d)}`;
}

/** The inbox's token, or one ticket's once it is known to be the tenant's (NotFoundError otherwise). */
export async function changeTokenFor(db: Db, tenantId: string, ticketId?: string): Promise<string> {
  if (!ticketId) return inboxChangeToken(db, tenantId);
  await requireTenantTicket(db, tenantId, ticketId);
  return ticketChangeToken(db, tenantId, ticketId);
}

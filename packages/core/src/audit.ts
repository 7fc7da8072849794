import type { Actor, Prisma, Tx } from '@helpdesk/db';

export interface AuditEntry {
  entityType: string;
  entityId: string;
  ticketId?: string | null;
  action: string;
  /** `{ field: { from, to } }` for updates; whatever describes the event otherwise. */
  changes?: Prisma.InputJsonValue;
}

/** Written inside the transaction that makes the change, so the log never disagrees with the data. */
export async function writeAudit(tx: Tx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      tenantId: actor.tenantId,
      actorType: actor.type,
      actorId: actor.id,
      entityType: entry.entityType,
      entityId: entry.entityId,
      ticketId: entry.ticketId ?? null,
      action: entry.action,
      changes: entry.changes,
    },
  });
}

import { ValidationError, Prisma, rolesWith, type Tx } from '@helpdesk/db';

/**
 * Picks the available agent assigned longest ago and stamps them. The row lock makes two tickets
 * created at once go to different agents.
 */
export async function nextRoundRobinAssignee(tx: Tx, tenantId: string, now: Date): Promise<string | null> {
  const [pick] = await tx.$queryRaw<{ id: string; userId: string }[]>`
    SELECT id, "userId" FROM "Membership"
     WHERE "tenantId" = ${tenantId} AND available AND role::text IN (${Prisma.join(rolesWith('tickets.update'))})
     ORDER BY "lastAssignedAt" ASC NULLS FIRST, "createdAt" ASC
     LIMIT 1 FOR UPDATE`;
  if (!pick) return null;
  await tx.membership.update({ where: { id: pick.id, tenantId }, data: { lastAssignedAt: now } });
  return pick.userId;
}

/** An assignee must be an agent-capable member of the ticket's tenant. */
export async function assertAssignable(tx: Tx, tenantId: string, userId: string): Promise<void> {
  const membership = await tx.membership.findFirst({
    where: { tenantId, userId, role: { in: rolesWith('tickets.update') } },
    select: { id: true },
  });
  if (!membership) throw new ValidationError('assigneeId', 'is not an agent of this workspace');
}

export async function markAssigned(tx: Tx, tenantId: string, userId: string, now: Date): Promise<void> {
  await tx.membership.updateMany({ where: { tenantId, userId }, data: { lastAssignedAt: now } });
}

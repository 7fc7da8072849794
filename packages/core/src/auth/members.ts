import { ConflictError, ForbiddenError, NotFoundError, parseInput, can, rolesWith, Role, type Actor, type Db, type Tx } from '@helpdesk/db';
import { z } from 'zod';
import { revokeApiKeysCreatedBy } from '../api-keys';
import { writeAudit } from '../audit';
import { endUserSessions } from './sessions';

const KEY_ROLES = rolesWith('admin.apiKeys');

const roleSchema = z.enum(Role, { error: 'Choose a role' });

function requireAdmin(actor: Actor): void {
  if (!can(actor, 'admin.members')) throw new ForbiddenError('Only owners and admins can manage members');
}

export async function listMembers(db: Db, actor: Actor) {
  requireAdmin(actor);
  const [members, invitations] = await Promise.all([
    db.membership.findMany({
      where: { tenantId: actor.tenantId },
      orderBy: { createdAt: 'asc' },
      select: { id: true, role: true, createdAt: true, user: { select: { id: true, name: true, email: true } } },
    }),
    db.invitation.findMany({
      where: { tenantId: actor.tenantId, acceptedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: 'desc' },
      select: { id: true, email: true, role: true, expiresAt: true },
    }),
  ]);
  return { members, invitations };
}

// Serialises owner changes per tenant: two admins demoting the last two owners at once cannot both win.
async function lockMembership(tx: Tx, actor: Actor, membershipId: string) {
  await tx.$queryRaw`SELECT id FROM "Tenant" WHERE id = ${actor.tenantId} FOR UPDATE`;
  const membership = await tx.membership.findFirst({
    where: { id: membershipId, tenantId: actor.tenantId },
    select: { id: true, role: true, userId: true },
  });
  if (!membership) throw new NotFoundError('Member');
  return membership;
}

async function assertOwnerRemains(tx: Tx, actor: Actor, field: string): Promise<void> {
  const owners = await tx.membership.count({ where: { tenantId: actor.tenantId, role: 'OWNER' } });
  if (owners < 1) throw new ConflictError('A workspace must keep at least one owner', field);
}

export async function changeRole(db: Db, actor: Actor, input: { membershipId: string; role: Role }) {
  requireAdmin(actor);
  const role = parseInput(roleSchema, input.role);
  return db.$transaction(async (tx) => {
    const membership = await lockMembership(tx, actor, input.membershipId);
    if ((membership.role === 'OWNER' || role === 'OWNER') && !can(actor, 'admin.owners')) {
      throw new ForbiddenError('Only owners can grant or change the owner role');
    }
    const updated = await tx.membership.update({
      where: { id: membership.id, tenantId: actor.tenantId },
      data: { role },
      select: { id: true, role: true },
    });
    await assertOwnerRemains(tx, actor, 'role');
    // A changed role takes effect on a fresh sign-in; keys made as an admin stop when the admin role goes.
    if (membership.role !== role) await endUserSessions(tx, membership.userId);
    if (KEY_ROLES.includes(membership.role) && !KEY_ROLES.includes(role)) await revokeApiKeysCreatedBy(tx, actor, membership.userId);
    await writeAudit(tx, actor, {
      entityType: 'Membership',
      entityId: membership.id,
      action: 'member.role_changed',
      changes: { role: { from: membership.role, to: role } },
    });
    return updated;
  });
}

export async function removeMember(db: Db, actor: Actor, membershipId: string): Promise<void> {
  requireAdmin(actor);
  await db.$transaction(async (tx) => {
    const membership = await lockMembership(tx, actor, membershipId);
    if (membership.role === 'OWNER' && !can(actor, 'admin.owners')) throw new ForbiddenError('Only owners can remove an owner');
    await tx.membership.delete({ where: { id: membership.id, tenantId: actor.tenantId } });
    await assertOwnerRemains(tx, actor, 'membershipId');
    await endUserSessions(tx, membership.userId);
    await revokeApiKeysCreatedBy(tx, actor, membership.userId);
    await writeAudit(tx, actor, {
      entityType: 'Membership',
      entityId: membership.id,
      action: 'member.removed',
      changes: { userId: membership.userId, role: membership.role },
    });
  });
}

export async function revokeInvitation(db: Db, actor: Actor, invitationId: string): Promise<void> {
  requireAdmin(actor);
  const { count } = await db.invitation.deleteMany({ where: { id: invitationId, tenantId: actor.tenantId, acceptedAt: null } });
  if (count !== 1) throw new NotFoundError('Invitation');
}

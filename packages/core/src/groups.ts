import { z } from 'zod';
import { NotFoundError, ValidationError, requireCapability, rolesWith, conflictOnDuplicate, type Actor, type Db } from '@helpdesk/db';
import { writeAudit } from './audit';

export const groupNameSchema = z.string().trim().min(1, 'is required').max(60, 'is at most 60 characters');

export interface GroupSummary {
  id: string;
  name: string;
  members: { id: string; name: string }[];
  /** Tickets routed to the group. */
  tickets: number;
}

function name(raw: unknown): string {
  const parsed = groupNameSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError('name', parsed.error.issues[0]?.message ?? 'is invalid');
  return parsed.data;
}

const uniqueName = <T>(run: Promise<T>) => conflictOnDuplicate(run, 'A group with this name exists', 'name');

export async function listGroups(db: Db, tenantId: string): Promise<GroupSummary[]> {
  const groups = await db.group.findMany({
    where: { tenantId },
    orderBy: { name: 'asc' },
    select: {
      id: true,
      name: true,
      _count: { select: { tickets: true } },
      members: { where: { tenantId }, select: { user: { select: { id: true, name: true } } } },
    },
  });
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    tickets: g._count.tickets,
    members: g.members.map((m) => m.user).sort((a, b) => a.name.localeCompare(b.name)),
  }));
}

export async function getGroup(db: Db, tenantId: string, groupId: string): Promise<GroupSummary> {
  const group = (await listGroups(db, tenantId)).find((g) => g.id === groupId);
  if (!group) throw new NotFoundError('Group');
  return group;
}

export async function createGroup(db: Db, actor: Actor, rawName: string): Promise<{ id: string; name: string }> {
  requireCapability(actor, 'admin.settings');
  const groupName = name(rawName);
  const tenantId = actor.tenantId;
  return uniqueName(
    db.$transaction(async (tx) => {
      const group = await tx.group.create({ data: { tenantId, name: groupName }, select: { id: true, name: true } });
      await writeAudit(tx, actor, { entityType: 'Group', entityId: group.id, action: 'group.created', changes: { name: groupName } });
      return group;
    }),
  );
}

export async function renameGroup(db: Db, actor: Actor, groupId: string, rawName: string): Promise<{ id: string; name: string }> {
  requireCapability(actor, 'admin.settings');
  const groupName = name(rawName);
  const tenantId = actor.tenantId;
  return uniqueName(
    db.$transaction(async (tx) => {
      const before = await tx.group.findFirst({ where: { id: groupId, tenantId } });
      if (!before) throw new NotFoundError('Group');
      const group = await tx.group.update({
        where: { id: groupId, tenantId },
        data: { name: groupName },
        select: { id: true, name: true },
      });
      await writeAudit(tx, actor, {
        entityType: 'Group',
        entityId: group.id,
        action: 'group.renamed',
        changes: { name: { from: before.name, to: groupName } },
      });
      return group;
    }),
  );
}

/** Sets the group's members to exactly these users; each must be an agent, admin or owner of the workspace. */
export async function setGroupMembers(db: Db, actor: Actor, groupId: string, userIds: readonly string[]): Promise<void> {
  requireCapability(actor, 'admin.settings');
  const tenantId = actor.tenantId;
  const wanted = [...new Set(userIds)];
  await db.$transaction(async (tx) => {
    const group = await tx.group.findFirst({ where: { id: groupId, tenantId }, select: { id: true } });
    if (!group) throw new NotFoundError('Group');
    const eligible = await tx.membership.count({ where: { tenantId, userId: { in: wanted }, role: { in: rolesWith('tickets.update') } } });
    if (eligible !== wanted.length) throw new ValidationError('userIds', 'choose agents of this workspace');
    const before = (await tx.groupMember.findMany({ where: { tenantId, groupId }, select: { userId: true } })).map((m) => m.userId);
    await tx.groupMember.deleteMany({ where: { tenantId, groupId, userId: { notIn: wanted } } });
    await tx.groupMember.createMany({ data: wanted.map((userId) => ({ tenantId, groupId, userId })), skipDuplicates: true });
    await writeAudit(tx, actor, {
      entityType: 'Group',
      entityId: groupId,
      action: 'group.members_set',
      changes: { added: wanted.filter((u) => !before.includes(u)), removed: before.filter((u) => !wanted.includes(u)) },
    });
  });
}

/** Deletes a group; its tickets keep their assignee and lose only the group. Returns how many tickets had it. */
export async function deleteGroup(db: Db, actor: Actor, groupId: string): Promise<{ tickets: number }> {
  requireCapability(actor, 'admin.settings');
  const tenantId = actor.tenantId;
  return db.$transaction(async (tx) => {
    const group = await tx.group.findFirst({ where: { id: groupId, tenantId } });
    if (!group) throw new NotFoundError('Group');
    const { count } = await tx.ticket.updateMany({ where: { tenantId, groupId }, data: { groupId: null } });
    await tx.group.deleteMany({ where: { id: groupId, tenantId } });
    await writeAudit(tx, actor, {
      entityType: 'Group',
      entityId: groupId,
      action: 'group.deleted',
      changes: { name: group.name, tickets: count },
    });
    return { tickets: count };
  });
}

import { z } from 'zod';
import {
  NotFoundError,
  Priority,
  TicketStatus,
  ValidationError,
  parseInput,
  requireAgent,
  type Actor,
  type Db,
  type Prisma,
  type Ticket,
  type Tx,
} from '@helpdesk/db';
import { writeAudit } from './audit';
import { assertAssignable, markAssigned } from './assignment';
import { assertTransition, statusTimestamps } from './lifecycle';
import { addTicketTags, removeTicketTags, tagNameSchema, ticketTagNames } from './tags';

export const ticketChangesSchema = z
  .object({
    status: z.enum(TicketStatus).optional(),
    priority: z.enum(Priority).optional(),
    assigneeId: z.string().min(1).nullable().optional(),
    groupId: z.string().min(1).nullable().optional(),
    categoryKey: z.string().trim().min(1).max(100).nullable().optional(),
    /** Replaces the ticket's tags; addTags/removeTags edit them. */
    tags: z.array(tagNameSchema).max(50).optional(),
    addTags: z.array(tagNameSchema).max(50).optional(),
    removeTags: z.array(tagNameSchema).max(50).optional(),
  })
  .strict();
export type TicketChanges = z.input<typeof ticketChangesSchema>;

type Change = { from: unknown; to: unknown };

async function categoryKeyOf(tx: Tx, tenantId: string, categoryId: string | null): Promise<string | null> {
  if (!categoryId) return null;
  return (await tx.category.findFirst({ where: { id: categoryId, tenantId }, select: { key: true } }))?.key ?? null;
}

/** Applies validated changes to one ticket, auditing each field from → to. Shared by update, bulk and macros. */
export async function applyTicketChanges(tx: Tx, actor: Actor, ticket: Ticket, input: TicketChanges, now = new Date()): Promise<Ticket> {
  const changes = parseInput(ticketChangesSchema, input);
  const tenantId = actor.tenantId;
  const data: Prisma.TicketUncheckedUpdateInput = {};
  const diff: Record<string, Change> = {};

  if (changes.status && changes.status !== ticket.status) {
    assertTransition(ticket.status, changes.status);
    Object.assign(data, { status: changes.status }, statusTimestamps(changes.status, now));
    diff.status = { from: ticket.status, to: changes.status };
  }
  if (changes.priority && changes.priority !== ticket.priority) {
    data.priority = changes.priority;
    diff.priority = { from: ticket.priority, to: changes.priority };
  }
  if (changes.assigneeId !== undefined && changes.assigneeId !== ticket.assigneeId) {
    if (changes.assigneeId) {
      await assertAssignable(tx, tenantId, changes.assigneeId);
      await markAssigned(tx, tenantId, changes.assigneeId, now);
    }
    data.assigneeId = changes.assigneeId;
    diff.assigneeId = { from: ticket.assigneeId, to: changes.assigneeId };
  }
  if (changes.groupId !== undefined && changes.groupId !== ticket.groupId) {
    if (changes.groupId && !(await tx.group.findFirst({ where: { id: changes.groupId, tenantId }, select: { id: true } }))) {
      throw new ValidationError('groupId', 'unknown group');
    }
    data.groupId = changes.groupId;
    diff.groupId = { from: ticket.groupId, to: changes.groupId };
  }
  if (changes.categoryKey !== undefined) {
    const category = changes.categoryKey
      ? await tx.category.findFirst({ where: { tenantId, key: changes.categoryKey }, select: { id: true } })
      : null;
    if (changes.categoryKey && !category) throw new ValidationError('categoryKey', `unknown category "${changes.categoryKey}"`);
    const to = category?.id ?? null;
    if (to !== ticket.categoryId) {
      const fromKey = await categoryKeyOf(tx, tenantId, ticket.categoryId);
      data.categoryId = to;
      diff.category = { from: fromKey, to: changes.categoryKey };
      // An agent's choice is a label the tenant's classifier learns from.
      if (actor.type === 'USER' && changes.categoryKey) {
        await tx.triageLabel.create({
          data: { tenantId, ticketId: ticket.id, field: 'category', fromValue: fromKey, toValue: changes.categoryKey, userId: actor.id },
        });
      }
    }
  }
  if (changes.tags || changes.addTags || changes.removeTags) {
    const before = await ticketTagNames(tx, tenantId, ticket.id);
    const target = new Set(changes.tags ?? before);
    for (const t of changes.addTags ?? []) target.add(t);
    for (const t of changes.removeTags ?? []) target.delete(t);
    const add = [...target].filter((t) => !before.includes(t));
    const remove = before.filter((t) => !target.has(t));
    if (add.length + remove.length > 0) {
      await addTicketTags(tx, tenantId, ticket.id, add);
      await removeTicketTags(tx, tenantId, ticket.id, remove);
      diff.tags = { from: before, to: [...target].sort() };
    }
  }
  if (Object.keys(diff).length === 0) return ticket;
  const updated = await tx.ticket.update({ where: { id: ticket.id, tenantId }, data: { ...data, updatedAt: now } });
  await writeAudit(tx, actor, {
    entityType: 'Ticket',
    entityId: ticket.id,
    ticketId: ticket.id,
    action: 'ticket.updated',
    changes: diff as Prisma.InputJsonObject,
  });
  return updated;
}

export async function lockTicket(tx: Tx, tenantId: string, ticketId: string): Promise<Ticket> {
  const [row] = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "Ticket" WHERE id = ${ticketId} AND "tenantId" = ${tenantId} FOR UPDATE`;
  if (!row) throw new NotFoundError('Ticket');
  return tx.ticket.findFirstOrThrow({ where: { id: ticketId, tenantId } });
}

export async function updateTicket(db: Db, actor: Actor, ticketId: string, changes: TicketChanges): Promise<Ticket> {
  requireAgent(actor);
  parseInput(ticketChangesSchema, changes);
  return db.$transaction(async (tx) => applyTicketChanges(tx, actor, await lockTicket(tx, actor.tenantId, ticketId), changes));
}

export const bulkUpdateInput = z.object({ ids: z.array(z.string().min(1)).min(1).max(200), changes: ticketChangesSchema });

/** All or nothing: one ticket that cannot take the change (or belongs elsewhere) stops the whole batch. */
export async function bulkUpdate(db: Db, actor: Actor, ids: string[], changes: TicketChanges): Promise<{ updated: number }> {
  requireAgent(actor);
  const input = parseInput(bulkUpdateInput, { ids, changes });
  return db.$transaction(
    async (tx) => {
      let updated = 0;
      for (const id of [...new Set(input.ids)].sort()) {
        const before = await lockTicket(tx, actor.tenantId, id);
        const after = await applyTicketChanges(tx, actor, before, changes);
        if (after !== before) updated++;
      }
      return { updated };
    },
    { timeout: 30_000 },
  );
}

import { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError, parseInput, requireCapability, type Actor, type Db } from '@helpdesk/db';
import { writeAudit } from './audit';
import { tagNameSchema } from './tags';

export interface TagSummary {
  id: string;
  name: string;
  /** Tickets carrying the tag. */
  tickets: number;
}

export async function listTagSummaries(db: Db, tenantId: string): Promise<TagSummary[]> {
  const tags = await db.tag.findMany({
    where: { tenantId },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, _count: { select: { tickets: true } } },
  });
  return tags.map((t) => ({ id: t.id, name: t.name, tickets: t._count.tickets }));
}

const tagNameInput = z.object({ name: tagNameSchema });

function tagName(raw: unknown): string {
  return parseInput(tagNameInput, { name: raw }).name;
}

/** Renames a tag on every ticket at once; a name another tag has is refused (merging is the way to join them). */
export async function renameTag(db: Db, actor: Actor, tagId: string, rawName: string): Promise<TagSummary> {
  requireCapability(actor, 'admin.settings');
  const name = tagName(rawName);
  const tenantId = actor.tenantId;
  return db.$transaction(async (tx) => {
    const tag = await tx.tag.findFirst({ where: { id: tagId, tenantId } });
    if (!tag) throw new NotFoundError('Tag');
    if (tag.name === name) return { id: tag.id, name, tickets: await tx.ticketTag.count({ where: { tenantId, tagId } }) };
    if (await tx.tag.findFirst({ where: { tenantId, name }, select: { id: true } }))
      throw new ConflictError(`The tag “${name}” exists; merge into it instead`, 'name');
    await tx.tag.update({ where: { id: tag.id, tenantId }, data: { name } });
    await writeAudit(tx, actor, {
      entityType: 'Tag',
      entityId: tag.id,
      action: 'tag.renamed',
      changes: { name: { from: tag.name, to: name } },
    });
    return { id: tag.id, name, tickets: await tx.ticketTag.count({ where: { tenantId, tagId } }) };
  });
}

/**
 * Moves every ticket of `sourceId` to `targetId` and deletes the source: a ticket that had both keeps one.
 * Returns how many tickets gained the target tag.
 */
export async function mergeTags(db: Db, actor: Actor, sourceId: string, targetId: string): Promise<{ moved: number }> {
  requireCapability(actor, 'admin.settings');
  if (sourceId === targetId) throw new ValidationError('targetId', 'choose another tag to merge into');
  const tenantId = actor.tenantId;
  return db.$transaction(async (tx) => {
    const [source, target] = await Promise.all([
      tx.tag.findFirst({ where: { id: sourceId, tenantId } }),
      tx.tag.findFirst({ where: { id: targetId, tenantId } }),
    ]);
    if (!source) throw new NotFoundError('Tag');
    if (!target) throw new ValidationError('targetId', 'choose a tag of this workspace');
    const moved = await tx.$executeRaw`
      INSERT INTO "TicketTag" ("tenantId", "ticketId", "tagId")
      SELECT "tenantId", "ticketId", ${target.id} FROM "TicketTag" WHERE "tenantId" = ${tenantId} AND "tagId" = ${source.id}
      ON CONFLICT DO NOTHING`;
    await tx.tag.deleteMany({ where: { id: source.id, tenantId } });
    await writeAudit(tx, actor, {
      entityType: 'Tag',
      entityId: target.id,
      action: 'tag.merged',
      changes: { from: source.name, into: target.name, moved },
    });
    return { moved };
  });
}

/** Deletes a tag and takes it off its tickets; returns how many tickets had it. */
export async function deleteTag(db: Db, actor: Actor, tagId: string): Promise<{ tickets: number }> {
  requireCapability(actor, 'admin.settings');
  const tenantId = actor.tenantId;
  return db.$transaction(async (tx) => {
    const tag = await tx.tag.findFirst({ where: { id: tagId, tenantId } });
    if (!tag) throw new NotFoundError('Tag');
    const { count } = await tx.ticketTag.deleteMany({ where: { tenantId, tagId: tag.id } });
    await tx.tag.deleteMany({ where: { id: tag.id, tenantId } });
    await writeAudit(tx, actor, {
      entityType: 'Tag',
      entityId: tag.id,
      action: 'tag.deleted',
      changes: { name: tag.name, tickets: count },
    });
    return { tickets: count };
  });
}

import { z } from 'zod';
import { ForbiddenError, NotFoundError, ValidationError, parseInput, can, type Actor, type Db, type Prisma } from '@helpdesk/db';

export const categoryInput = z.object({
  key: z
    .string()
    .trim()
    .min(2, 'Use at least 2 characters')
    .max(50, 'Use at most 50 characters')
    .regex(/^[a-z0-9][a-z0-9_]*$/, 'Use lowercase letters, digits and underscores, starting with a letter or digit'),
  name: z.string().trim().min(1, 'Give the category a name').max(80, 'Use at most 80 characters'),
  description: z
    .string()
    .trim()
    .max(500, 'Use at most 500 characters')
    .nullish()
    .transform((d) => d || null),
});

/** Left out (undefined), the description stays as it is; an empty one clears it. */
export const categoryUpdate = categoryInput
  .omit({ key: true })
  .extend({ active: z.boolean(), description: categoryInput.shape.description.optional() });

export type CategoryInput = z.input<typeof categoryInput>;

function assertAdmin(actor: Actor): void {
  if (!can(actor, 'admin.settings')) throw new ForbiddenError('Only admins can change the triage taxonomy');
}

async function audit(db: Db, actor: Actor, entityId: string, action: string, changes: Prisma.InputJsonObject): Promise<void> {
  await db.auditLog.create({
    data: { tenantId: actor.tenantId, actorType: actor.type, actorId: actor.id, entityType: 'Category', entityId, action, changes },
  });
}

export async function listCategories(db: Db, tenantId: string) {
  const categories = await db.category.findMany({ where: { tenantId }, orderBy: [{ active: 'desc' }, { key: 'asc' }] });
  const counts = await db.ticket.groupBy({ by: ['categoryId'], where: { tenantId, categoryId: { not: null } }, _count: { _all: true } });
  const byId = new Map(counts.map((c) => [c.categoryId, c._count._all]));
  return categories.map((c) => ({ ...c, ticketCount: byId.get(c.id) ?? 0 }));
}

export async function createCategory(db: Db, actor: Actor, input: CategoryInput) {
  assertAdmin(actor);
  const data = parseInput(categoryInput, input);
  const tenantId = actor.tenantId;
  if (await db.category.findFirst({ where: { tenantId, key: data.key }, select: { id: true } })) {
    throw new ValidationError('key', `a category with the key "${data.key}" already exists`);
  }
  const category = await db.category.create({ data: { tenantId, ...data } });
  await audit(db, actor, category.id, 'category.created', { key: data.key, name: data.name });
  return category;
}

export async function updateCategory(db: Db, actor: Actor, id: string, input: z.input<typeof categoryUpdate>) {
  assertAdmin(actor);
  const data = parseInput(categoryUpdate, input);
  const tenantId = actor.tenantId;
  const before = await db.category.findFirst({ where: { id, tenantId } });
  if (!before) throw new NotFoundError('Category');
  const category = await db.category.update({ where: { id, tenantId }, data });
  await audit(db, actor, id, 'category.updated', {
    name: { from: before.name, to: data.name },
    active: { from: before.active, to: data.active },
  });
  return category;
}

/**
 * A category tickets still point at is retired (made inactive) rather than deleted, so history and
 * training labels keep their meaning.
 */
export async function deleteCategory(db: Db, actor: Actor, id: string): Promise<'deleted' | 'deactivated'> {
  assertAdmin(actor);
  const tenantId = actor.tenantId;
  const category = await db.category.findFirst({ where: { id, tenantId } });
  if (!category) throw new NotFoundError('Category');
  const inUse = await db.ticket.count({ where: { tenantId, categoryId: id } });
  if (inUse > 0) {
    await db.category.update({ where: { id, tenantId }, data: { active: false } });
    await audit(db, actor, id, 'category.deactivated', { key: category.key, tickets: inUse });
    return 'deactivated';
  }
  await db.category.delete({ where: { id, tenantId } });
  await audit(db, actor, id, 'category.deleted', { key: category.key });
  return 'deleted';
}

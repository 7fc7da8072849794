import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, ForbiddenError, NotFoundError, ValidationError, type Actor, type Db } from '@helpdesk/db';
import { createTestDatabase, makeTenant } from '@helpdesk/testkit';
import { createCategory, deleteCategory, listCategories, updateCategory } from '../src/index';
import { addLabelledTickets, rowsOf } from './fixtures';

let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
  const test = await createTestDatabase();
  drop = test.drop;
  db = createDb(test.url);
});
afterAll(async () => {
  await db.$disconnect();
  await drop();
});

const admin = (tenantId: string): Actor => ({ type: 'USER', id: null, tenantId, role: 'ADMIN' });

describe('taxonomy', () => {
  it('creates, renames and removes categories, refusing bad keys, duplicates and non-admins', async () => {
    const tenant = await makeTenant(db);
    const created = await createCategory(db, admin(tenant.id), { key: 'refund_request', name: 'Refund request', description: '' });
    expect(created).toMatchObject({ key: 'refund_request', description: null, active: true });

    await expect(createCategory(db, admin(tenant.id), { key: 'refund_request', name: 'Again' })).rejects.toMatchObject({ field: 'key' });
    await expect(createCategory(db, admin(tenant.id), { key: 'refund_request', name: 'Again' })).rejects.toBeInstanceOf(ValidationError);
    const bad = await createCategory(db, admin(tenant.id), { key: 'Bad Key', name: 'x' }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).field).toBe('key');
    await expect(createCategory(db, { ...admin(tenant.id), role: 'AGENT' }, { key: 'other', name: 'Other' })).rejects.toBeInstanceOf(
      ForbiddenError,
    );

    await updateCategory(db, admin(tenant.id), created.id, { name: 'Refunds', active: true });
    expect((await listCategories(db, tenant.id)).map((c) => c.name)).toEqual(['Refunds']);
    // Another tenant cannot touch it.
    const other = await makeTenant(db);
    await expect(updateCategory(db, admin(other.id), created.id, { name: 'Mine', active: true })).rejects.toBeInstanceOf(NotFoundError);

    expect(await deleteCategory(db, admin(tenant.id), created.id)).toBe('deleted');
    expect(await db.category.count({ where: { tenantId: tenant.id } })).toBe(0);
    const audit = await db.auditLog.findMany({ where: { tenantId: tenant.id, entityType: 'Category' }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['category.created', 'category.updated', 'category.deleted']);
  });

  it('retires a category tickets still use instead of deleting it', async () => {
    const tenant = await makeTenant(db);
    await addLabelledTickets(db, tenant.id, rowsOf(['card_arrival'], 2));
    const category = await db.category.findFirstOrThrow({ where: { tenantId: tenant.id, key: 'card_arrival' } });
    expect(await deleteCategory(db, admin(tenant.id), category.id)).toBe('deactivated');
    const [row] = await listCategories(db, tenant.id);
    expect(row).toMatchObject({ key: 'card_arrival', active: false, ticketCount: 2 });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertTenantScoped,
  createDb,
  createSystemClient,
  TENANT_MODELS,
  TenantScopeError,
  type Db,
  type SystemClient,
} from '../src/index';
import { createTestDatabase, makeTenant } from '@helpdesk/testkit';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let sys: SystemClient;
let tenantA: string;
let tenantB: string;

beforeAll(async () => {
  database = await createTestDatabase('hd_guard');
  db = createDb(database.url, 2);
  sys = createSystemClient(database.url, 2);
  tenantA = (await makeTenant(db, 'A')).id;
  tenantB = (await makeTenant(db, 'B')).id;
  await db.tag.create({ data: { tenantId: tenantA, name: 'a-tag' } });
  await db.tag.create({ data: { tenantId: tenantB, name: 'b-tag' } });
});

afterAll(async () => {
  await db.$disconnect();
  await sys.$disconnect();
  await database.drop();
});

describe('tenant guard', () => {
  it('covers tenant-owned models and leaves global ones alone', () => {
    expect(TENANT_MODELS.has('Ticket')).toBe(true);
    expect(TENANT_MODELS.has('Membership')).toBe(true);
    expect(TENANT_MODELS.has('UsageEvent')).toBe(true);
    expect(TENANT_MODELS.has('Tenant')).toBe(false);
    expect(TENANT_MODELS.has('User')).toBe(false);
  });

  it('refuses reads, writes and deletes on tenant-owned models that do not name a tenant', async () => {
    await expect(db.tag.findMany()).rejects.toBeInstanceOf(TenantScopeError);
    await expect(db.tag.findMany({ where: { name: 'a-tag' } })).rejects.toBeInstanceOf(TenantScopeError);
    await expect(db.tag.count()).rejects.toBeInstanceOf(TenantScopeError);
    await expect(db.tag.updateMany({ where: { name: 'a-tag' }, data: { name: 'renamed' } })).rejects.toBeInstanceOf(TenantScopeError);
    await expect(db.tag.deleteMany({})).rejects.toBeInstanceOf(TenantScopeError);
    await expect(db.tag.create({ data: { name: 'orphan' } as never })).rejects.toBeInstanceOf(TenantScopeError);
    await expect(db.tag.findMany({ where: { tenantId: '' } })).rejects.toBeInstanceOf(TenantScopeError);
    await expect(db.tag.findMany({ where: { OR: [{ tenantId: tenantA }, { name: 'b-tag' }] } })).rejects.toBeInstanceOf(TenantScopeError);
    // Nothing was changed by the refused calls.
    expect((await sys.tag.findMany({ orderBy: { name: 'asc' } })).map((t) => t.name)).toEqual(['a-tag', 'b-tag']);
  });

  it('refuses inside transactions too', async () => {
    await expect(db.$transaction(async (tx) => tx.tag.findFirst({ where: { name: 'b-tag' } }))).rejects.toBeInstanceOf(TenantScopeError);
  });

  it('answers scoped queries with that tenant’s rows only', async () => {
    expect((await db.tag.findMany({ where: { tenantId: tenantA } })).map((t) => t.name)).toEqual(['a-tag']);
    expect(await db.tag.findFirst({ where: { tenantId: tenantA, name: 'b-tag' } })).toBeNull();
    expect(await db.tag.count({ where: { tenantId: { equals: tenantB } } })).toBe(1);
    expect(await db.tag.findMany({ where: { AND: [{ tenantId: tenantB }, { name: { startsWith: 'b' } }] } })).toHaveLength(1);
    const bTag = await sys.tag.findFirstOrThrow({ where: { tenantId: tenantB } });
    // Knowing another tenant's id is not enough: naming the wrong tenant finds nothing.
    expect(await db.tag.findFirst({ where: { id: bTag.id, tenantId: tenantA } })).toBeNull();
    await expect(db.tag.update({ where: { id: bTag.id, tenantId: tenantA }, data: { name: 'stolen' } })).rejects.toThrow();
    expect((await sys.tag.findUniqueOrThrow({ where: { id: bTag.id } })).name).toBe('b-tag');
  });

  it('checks both where and create of an upsert, and every row of createMany', () => {
    expect(() => assertTenantScoped('Tag', 'upsert', { where: { tenantId: 't' }, create: { name: 'x' } })).toThrow(TenantScopeError);
    expect(() => assertTenantScoped('Tag', 'upsert', { where: { tenantId: 't' }, create: { tenantId: 't', name: 'x' } })).not.toThrow();
    expect(() => assertTenantScoped('Tag', 'createMany', { data: [{ tenantId: 't', name: 'x' }, { name: 'y' }] })).toThrow(
      TenantScopeError,
    );
    expect(() => assertTenantScoped('Tag', 'createMany', { data: [] })).toThrow(TenantScopeError);
    expect(() => assertTenantScoped('Tag', 'create', { data: { tenant: { connect: { id: 't' } }, name: 'x' } })).not.toThrow();
    expect(() => assertTenantScoped('User', 'findMany', {})).not.toThrow();
  });
});

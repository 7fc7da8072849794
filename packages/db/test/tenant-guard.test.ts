import { beforeAll, describe, expect, it } from 'vitest';
import { assertTenantScoped, TENANT_MODELS, TenantScopeError } from '../src/index';
import { makeTenant } from '@helpdesk/testkit';
import { useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase({ prefix: 'hd_guard', pool: 2 });
let tenantA: string;
let tenantB: string;

beforeAll(async () => {
  tenantA = (await makeTenant(fx.db, 'A')).id;
  tenantB = (await makeTenant(fx.db, 'B')).id;
  await fx.db.tag.create({ data: { tenantId: tenantA, name: 'a-tag' } });
  await fx.db.tag.create({ data: { tenantId: tenantB, name: 'b-tag' } });
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
    await expect(fx.db.tag.findMany()).rejects.toBeInstanceOf(TenantScopeError);
    await expect(fx.db.tag.findMany({ where: { name: 'a-tag' } })).rejects.toBeInstanceOf(TenantScopeError);
    await expect(fx.db.tag.count()).rejects.toBeInstanceOf(TenantScopeError);
    await expect(fx.db.tag.updateMany({ where: { name: 'a-tag' }, data: { name: 'renamed' } })).rejects.toBeInstanceOf(TenantScopeError);
    await expect(fx.db.tag.deleteMany({})).rejects.toBeInstanceOf(TenantScopeError);
    await expect(fx.db.tag.create({ data: { name: 'orphan' } as never })).rejects.toBeInstanceOf(TenantScopeError);
    await expect(fx.db.tag.findMany({ where: { tenantId: '' } })).rejects.toBeInstanceOf(TenantScopeError);
    await expect(fx.db.tag.findMany({ where: { OR: [{ tenantId: tenantA }, { name: 'b-tag' }] } })).rejects.toBeInstanceOf(
      TenantScopeError,
    );
    // Nothing was changed by the refused calls.
    expect((await fx.systemDb.tag.findMany({ orderBy: { name: 'asc' } })).map((t) => t.name)).toEqual(['a-tag', 'b-tag']);
  });

  it('refuses inside transactions too', async () => {
    await expect(fx.db.$transaction(async (tx) => tx.tag.findFirst({ where: { name: 'b-tag' } }))).rejects.toBeInstanceOf(TenantScopeError);
  });

  it('answers scoped queries with that tenant’s rows only', async () => {
    expect((await fx.db.tag.findMany({ where: { tenantId: tenantA } })).map((t) => t.name)).toEqual(['a-tag']);
    expect(await fx.db.tag.findFirst({ where: { tenantId: tenantA, name: 'b-tag' } })).toBeNull();
    expect(await fx.db.tag.count({ where: { tenantId: { equals: tenantB } } })).toBe(1);
    expect(await fx.db.tag.findMany({ where: { AND: [{ tenantId: tenantB }, { name: { startsWith: 'b' } }] } })).toHaveLength(1);
    const bTag = await fx.systemDb.tag.findFirstOrThrow({ where: { tenantId: tenantB } });
    // Knowing another tenant's id is not enough: naming the wrong tenant finds nothing.
    expect(await fx.db.tag.findFirst({ where: { id: bTag.id, tenantId: tenantA } })).toBeNull();
    await expect(fx.db.tag.update({ where: { id: bTag.id, tenantId: tenantA }, data: { name: 'stolen' } })).rejects.toThrow();
    expect((await fx.systemDb.tag.findUniqueOrThrow({ where: { id: bTag.id } })).name).toBe('b-tag');
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

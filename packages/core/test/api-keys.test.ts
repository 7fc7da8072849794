import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LAST_USED_RESOLUTION_MS } from '../src/api-keys';
import {
  authenticateApiKey,
  createApiKey,
  createTicket,
  listApiKeys,
  requireScope,
  revokeApiKey,
  updateTicket,
  withIdempotency,
} from '../src/index';
import { makeTenantWithAgent } from './helpers';
import { useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase();

describe('API keys', () => {
  it('shows the key once, stores only its hash, authenticates it and stops after revocation', async () => {
    const { tenant, agent: admin } = await makeTenantWithAgent(fx.db, 'ADMIN');
    const { key, apiKey } = await createApiKey(fx.db, admin, { name: 'Zapier', scopes: ['tickets:read'] });
    expect(key.startsWith(`hd_${apiKey.prefix}_`)).toBe(true);
    const row = await fx.db.apiKey.findFirstOrThrow({ where: { id: apiKey.id, tenantId: tenant.id } });
    expect(row.keyHash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(key.slice(`hd_${apiKey.prefix}_`.length));
    expect(JSON.stringify(await listApiKeys(fx.db, admin))).not.toContain('keyHash');

    const auth = await authenticateApiKey(fx.systemDb, `Bearer ${key}`);
    expect(auth.actor).toMatchObject({ type: 'API_KEY', id: apiKey.id, tenantId: tenant.id });
    expect(() => requireScope(auth, 'tickets:read')).not.toThrow();
    expect(() => requireScope(auth, 'tickets:write')).toThrow(/tickets:write/);

    // lastUsedAt is written once, not on every call: concurrent calls of one key must not queue on its row.
    const used = await fx.db.apiKey.findFirstOrThrow({ where: { id: apiKey.id, tenantId: tenant.id } });
    expect(used.lastUsedAt).toBeInstanceOf(Date);
    await authenticateApiKey(fx.systemDb, `Bearer ${key}`);
    const again = await fx.db.apiKey.findFirstOrThrow({ where: { id: apiKey.id, tenantId: tenant.id } });
    expect(again.lastUsedAt?.getTime()).toBe(used.lastUsedAt!.getTime());
    const stale = new Date(Date.now() - 2 * LAST_USED_RESOLUTION_MS);
    await fx.db.apiKey.update({ where: { id: apiKey.id, tenantId: tenant.id }, data: { lastUsedAt: stale } });
    await authenticateApiKey(fx.systemDb, `Bearer ${key}`);
    const refreshed = await fx.db.apiKey.findFirstOrThrow({ where: { id: apiKey.id, tenantId: tenant.id } });
    expect(refreshed.lastUsedAt!.getTime()).toBeGreaterThan(stale.getTime() + LAST_USED_RESOLUTION_MS);

    await expect(authenticateApiKey(fx.systemDb, `Bearer ${key.slice(0, -1)}x`)).rejects.toMatchObject({ status: 401 });
    await expect(authenticateApiKey(fx.systemDb, undefined)).rejects.toMatchObject({ status: 401 });
    await revokeApiKey(fx.db, admin, apiKey.id);
    await expect(authenticateApiKey(fx.systemDb, `Bearer ${key}`)).rejects.toMatchObject({ status: 401 });
  });

  it('only admins manage keys, and another tenant cannot revoke them', async () => {
    const { agent } = await makeTenantWithAgent(fx.db, 'AGENT');
    await expect(createApiKey(fx.db, agent, { name: 'x', scopes: ['tickets:read'] })).rejects.toMatchObject({ status: 403 });
    const { agent: admin } = await makeTenantWithAgent(fx.db, 'OWNER');
    const { agent: otherAdmin } = await makeTenantWithAgent(fx.db, 'OWNER');
    await expect(createApiKey(fx.db, admin, { name: '', scopes: ['tickets:read'] })).rejects.toMatchObject({ status: 400, field: 'name' });
    const { apiKey } = await createApiKey(fx.db, admin, { name: 'mine', scopes: ['tickets:write'] });
    await expect(revokeApiKey(fx.db, otherAdmin, apiKey.id)).rejects.toMatchObject({ status: 404 });
  });

  it('an API key acting on another tenant’s ticket id gets 404', async () => {
    const a = await makeTenantWithAgent(fx.db, 'ADMIN');
    const b = await makeTenantWithAgent(fx.db, 'ADMIN');
    const ticketB = await createTicket(fx.db, b.agent, { subject: 'B', bodyText: 'b', customer: { email: 'b@b.test' } });
    const { key } = await createApiKey(fx.db, a.agent, { name: 'a', scopes: ['tickets:write'] });
    const auth = await authenticateApiKey(fx.systemDb, `Bearer ${key}`);
    await expect(updateTicket(fx.db, auth.actor, ticketB.id, { priority: 'LOW' })).rejects.toMatchObject({ status: 404 });
    expect((await fx.db.ticket.findFirstOrThrow({ where: { id: ticketB.id, tenantId: b.tenant.id } })).priority).toBe('NORMAL');
  });
});

describe('Idempotency-Key', () => {
  it('replays the stored response for the same body, refuses a different body, and runs the write once', async () => {
    const { tenant, agent: admin } = await makeTenantWithAgent(fx.db, 'ADMIN');
    const { key } = await createApiKey(fx.db, admin, { name: 'k', scopes: ['tickets:write'] });
    const auth = await authenticateApiKey(fx.systemDb, `Bearer ${key}`);
    const body = { subject: 'Idem', bodyText: 'once', customer: { email: 'i@i.test' } };
    const req = { tenantId: tenant.id, apiKeyId: auth.apiKeyId, key: 'abc-123', method: 'POST', path: '/api/v1/tickets', body };
    const create = async () => {
      const t = await createTicket(fx.db, auth.actor, body);
      return { status: 201, body: { id: t.id, number: t.number } };
    };
    const first = await withIdempotency(fx.db, req, create);
    const second = await withIdempotency(
      fx.db,
      { ...req, body: { customer: { email: 'i@i.test' }, bodyText: 'once', subject: 'Idem' } },
      create,
    );
    expect(first.replayed).toBe(false);
    expect(second).toEqual({ ...first, replayed: true });
    await expect(withIdempotency(fx.db, { ...req, body: { ...body, subject: 'Other' } }, create)).rejects.toMatchObject({
      status: 409,
      field: 'Idempotency-Key',
    });
    expect(await fx.db.ticket.count({ where: { tenantId: tenant.id } })).toBe(1);
  });

  it('releases the key when the write fails, so a corrected retry can run', async () => {
    const { tenant, agent: admin } = await makeTenantWithAgent(fx.db, 'ADMIN');
    const { apiKey } = await createApiKey(fx.db, admin, { name: 'k', scopes: ['tickets:write'] });
    const req = { tenantId: tenant.id, apiKeyId: apiKey.id, key: 'retry-me', method: 'POST', path: '/api/v1/tickets', body: { a: 1 } };
    await expect(
      withIdempotency(fx.db, req, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const ok = await withIdempotency(fx.db, req, async () => ({ status: 201, body: { ok: true } }));
    expect(ok).toEqual({ status: 201, body: { ok: true }, replayed: false });
  });
});

import { describe, expect, it } from 'vitest';
import { makeMember, makeTenant } from '@helpdesk/testkit';
import { buildMime, newMessageId } from '@helpdesk/testkit/mime';
import { getChannelSettings, receiveInboundEmail, rotateInboundSecret, signInbound } from '../src/index';

import { useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase();

function signedWith(secret: string, alias: string, rawMime: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return { alias, rawMime, timestamp, signature: signInbound(secret, timestamp, rawMime) };
}

describe('channel settings', () => {
  it('rotating the inbound secret retires the old one at once and leaves an audit row', async () => {
    const tenant = await makeTenant(fx.db);
    const admin = await makeMember(fx.db, tenant.id, 'ADMIN');
    const before = await getChannelSettings(fx.db, admin);
    expect(before).toMatchObject({ slug: tenant.slug, inboundAlias: tenant.inboundAlias, inboundSecret: tenant.inboundSecret });

    const after = await rotateInboundSecret(fx.db, admin);
    expect(after.inboundSecret).toMatch(/^[0-9a-f]{48}$/);
    expect(after.inboundSecret).not.toBe(before.inboundSecret);
    expect((await getChannelSettings(fx.db, admin)).inboundSecret).toBe(after.inboundSecret);

    const mime = () =>
      buildMime({
        from: 'pat@customer.test',
        to: `${tenant.inboundAlias}@inbound.test`,
        subject: 'Rotated',
        text: 'Hello there',
        messageId: newMessageId(),
      });
    await expect(receiveInboundEmail(fx.db, signedWith(before.inboundSecret, tenant.inboundAlias, mime()))).rejects.toMatchObject({
      status: 401,
    });
    await expect(receiveInboundEmail(fx.db, signedWith(after.inboundSecret, tenant.inboundAlias, mime()))).resolves.toMatchObject({
      outcome: 'created',
      tenantId: tenant.id,
    });

    const audit = await fx.db.auditLog.findMany({ where: { tenantId: tenant.id, action: 'inbound_secret.rotated' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, entityType: 'Tenant', entityId: tenant.id });
    expect(JSON.stringify(audit[0])).not.toContain(after.inboundSecret);
  });

  it('agents can neither read nor rotate the secret, and a rotation touches only the own tenant', async () => {
    const tenant = await makeTenant(fx.db);
    const other = await makeTenant(fx.db);
    const agent = await makeMember(fx.db, tenant.id, 'AGENT');
    await expect(getChannelSettings(fx.db, agent)).rejects.toMatchObject({ status: 403 });
    await expect(rotateInboundSecret(fx.db, agent)).rejects.toMatchObject({ status: 403 });
    expect((await fx.db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).inboundSecret).toBe(tenant.inboundSecret);

    const owner = await makeMember(fx.db, tenant.id, 'OWNER');
    await rotateInboundSecret(fx.db, owner);
    expect((await fx.db.tenant.findUniqueOrThrow({ where: { id: other.id } })).inboundSecret).toBe(other.inboundSecret);
  });
});

import { randomBytes } from 'node:crypto';
import { requireCapability, type Actor, type Db } from '@helpdesk/db';
import { writeAudit } from './audit';

export interface ChannelSettings {
  slug: string;
  inboundAlias: string;
  inboundSecret: string;
}

export function newInboundSecret(): string {
  return randomBytes(24).toString('hex');
}

/** What an admin needs to wire up the mail relay and the public contact form. */
export async function getChannelSettings(db: Db, actor: Actor): Promise<ChannelSettings> {
  requireCapability(actor, 'admin.settings');
  return db.tenant.findUniqueOrThrow({ where: { id: actor.tenantId }, select: { slug: true, inboundAlias: true, inboundSecret: true } });
}

/** The old secret stops verifying at once; the audit row names who rotated it, never the secret. */
export async function rotateInboundSecret(db: Db, actor: Actor): Promise<ChannelSettings> {
  requireCapability(actor, 'admin.settings');
  const tenantId = actor.tenantId;
  return db.$transaction(async (tx) => {
    const tenant = await tx.tenant.update({
      where: { id: tenantId },
      data: { inboundSecret: newInboundSecret() },
      select: { slug: true, inboundAlias: true, inboundSecret: true },
    });
    await writeAudit(tx, actor, { entityType: 'Tenant', entityId: tenantId, action: 'inbound_secret.rotated' });
    return tenant;
  });
}

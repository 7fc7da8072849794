import { randomBytes } from 'node:crypto';
import type { Actor, Db, Role } from '@helpdesk/db';

export interface TestTenant {
  id: string;
  slug: string;
  inboundAlias: string;
  inboundSecret: string;
}

/** A bare tenant row; domain-level sign-up lives in @helpdesk/core. */
export async function makeTenant(db: Db, name = 'Test Tenant'): Promise<TestTenant> {
  const suffix = randomBytes(4).toString('hex');
  return db.tenant.create({
    data: { name, slug: `t-${suffix}`, inboundAlias: `t-${suffix}`, inboundSecret: randomBytes(24).toString('hex') },
    select: { id: true, slug: true, inboundAlias: true, inboundSecret: true },
  });
}

/** A user with `role` in the tenant, as the actor of what they do there. */
export async function makeMember(
  db: Db,
  tenantId: string,
  role: Role = 'AGENT',
  name = 'Agent',
  email = `${randomBytes(5).toString('hex')}@agents.test`,
): Promise<Actor> {
  const user = await db.user.create({ data: { email, name } });
  await db.membership.create({ data: { tenantId, userId: user.id, role } });
  return { type: 'USER', id: user.id, tenantId, role, name };
}

import { randomBytes } from 'node:crypto';
import type { Db } from '@helpdesk/db';

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

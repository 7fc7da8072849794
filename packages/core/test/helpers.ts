import type { Actor, Db, Role } from '@helpdesk/db';
import { makeMember, makeTenant, type TestTenant } from '@helpdesk/testkit';

export async function makeTenantWithAgent(db: Db, role: Role = 'AGENT'): Promise<{ tenant: TestTenant; agent: Actor }> {
  const tenant = await makeTenant(db);
  return { tenant, agent: await makeMember(db, tenant.id, role) };
}

export const systemActor = (tenantId: string): Actor => ({ type: 'SYSTEM', id: null, tenantId });
export const customerActor = (tenantId: string): Actor => ({ type: 'CUSTOMER', id: null, tenantId });

import { randomBytes } from 'node:crypto';
import { createDb, createSystemClient, type Actor, type Db, type Role, type SystemClient } from '@helpdesk/db';
import { createTestDatabase, makeTenant, type TestTenant } from '@helpdesk/testkit';

export interface CoreFixture {
  url: string;
  db: Db;
  systemDb: SystemClient;
  drop: () => Promise<void>;
}

export async function openDatabase(): Promise<CoreFixture> {
  const database = await createTestDatabase();
  const db = createDb(database.url, 5);
  const systemDb = createSystemClient(database.url, 2);
  return {
    url: database.url,
    db,
    systemDb,
    drop: async () => {
      await Promise.all([db.$disconnect(), systemDb.$disconnect()]);
      await database.drop();
    },
  };
}

export async function makeMember(db: Db, tenantId: string, role: Role = 'AGENT', name = 'Agent'): Promise<Actor> {
  const user = await db.user.create({ data: { email: `${randomBytes(5).toString('hex')}@agents.test`, name } });
  await db.membership.create({ data: { tenantId, userId: user.id, role } });
  return { type: 'USER', id: user.id, tenantId, role, name };
}

export async function makeTenantWithAgent(db: Db, role: Role = 'AGENT'): Promise<{ tenant: TestTenant; agent: Actor }> {
  const tenant = await makeTenant(db);
  return { tenant, agent: await makeMember(db, tenant.id, role) };
}

export const systemActor = (tenantId: string): Actor => ({ type: 'SYSTEM', id: null, tenantId });
export const customerActor = (tenantId: string): Actor => ({ type: 'CUSTOMER', id: null, tenantId });

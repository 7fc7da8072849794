import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { tenantGuard } from './tenant-guard';

export type SystemClient = PrismaClient;

export function createSystemClient(databaseUrl: string, poolSize = 10): SystemClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize }) });
}

/** The client every request and job uses: queries on tenant-owned models must name a tenant. */
export function createDb(databaseUrl: string, poolSize = 10) {
  return createSystemClient(databaseUrl, poolSize).$extends(tenantGuard);
}

export type Db = ReturnType<typeof createDb>;
/** What a transaction callback receives from the guarded client. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { tenantGuard } from './tenant-guard';

export type SystemClient = PrismaClient;

// Prisma's defaults (2 s to get a connection, 5 s per interactive transaction) expire under a loaded
// machine or a busy pool; these bound a stuck transaction without failing ordinary slow ones.
const TRANSACTION_DEFAULTS = { maxWait: 10_000, timeout: 20_000 };

export function createSystemClient(databaseUrl: string, poolSize = 10): SystemClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl, max: poolSize }),
    transactionOptions: TRANSACTION_DEFAULTS,
  });
}

/** The client every request and job uses: queries on tenant-owned models must name a tenant. */
export function createDb(databaseUrl: string, poolSize = 10) {
  return createSystemClient(databaseUrl, poolSize).$extends(tenantGuard);
}

export type Db = ReturnType<typeof createDb>;
/** Readiness probe: resolves once the database answers a trivial query. */
export async function pingDatabase(client: SystemClient | Db): Promise<void> {
  await client.$queryRaw`SELECT 1`;
}

/** What a transaction callback receives from the guarded client. */
export type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

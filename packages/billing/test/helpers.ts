import { createDb, type Db } from '@helpdesk/db';
import { createTestDatabase, makeTenant } from '@helpdesk/testkit';
import { seedPrices } from '../../../prisma/seed-prices';

export interface BillingTestContext {
  db: Db;
  drop: () => Promise<void>;
}

/** A database of its own (prefix outside the shared `hd_test_` sweep) with the platform price catalog. */
export async function billingDatabase(): Promise<BillingTestContext> {
  const { url, drop } = await createTestDatabase('hd_billing');
  const db = createDb(url, 4);
  await seedPrices(db);
  return {
    db,
    drop: async () => {
      await db.$disconnect();
      await drop();
    },
  };
}

export { makeTenant };

/** Deterministic pseudo-random numbers so a failing run can be replayed. */
export { seededRandom as seeded } from '@helpdesk/config/random';

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

/** Deterministic pseudo-random numbers (mulberry32) so a failing run can be replayed. */
export function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

import type { Db } from '@helpdesk/db';
import { release, settle } from './budget';

/** Ledger and budget keys of one draft job attempt: a retried attempt never reuses a crashed one's keys. */
export function attemptKeys(jobId: string, attempt: number) {
  const prefix = `${jobId}:a${attempt}`;
  return { hold: `${prefix}:hold`, call: (n: number) => `${prefix}:call${n}` };
}

/**
 * An attempt that crashed between reserving and settling left its hold HELD. Before the job tries again, each
 * such hold (other than the current attempt's, which a stalled job re-run keeps) is settled with what that attempt's calls actually recorded in the ledger, or released if none.
 */
export async function settleAbandonedHolds(db: Db, tenantId: string, jobId: string, currentHold: string): Promise<number> {
  const held = await db.budgetReservation.findMany({
    where: { tenantId, status: 'HELD', key: { startsWith: `${jobId}:a`, endsWith: ':hold', not: currentHold } },
  });
  for (const hold of held) {
    const callPrefix = hold.key.replace(/:hold$/, ':call');
    const used = await db.usageEvent.aggregate({ where: { tenantId, idempotencyKey: { startsWith: callPrefix } }, _sum: { costMicros: true } });
    const spent = used._sum.costMicros ?? 0n;
    if (spent > 0n) await settle(db, tenantId, hold.key, spent);
    else await release(db, tenantId, hold.key);
  }
  return held.length;
}

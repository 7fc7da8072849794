import { randomUUID } from 'node:crypto';
import type { Db, SystemClient } from '@helpdesk/db';
import { release, settle } from './budget';

/**
 * Ledger and budget keys of one run of a draft job. A run is one execution of the processor: a job that stalled
 * (its worker died) runs again with the same BullMQ attempt number, and that rerun's cloud calls are real calls
 * the API billed, so each run gets its own id. Within a run the keys are stable: recording the same call twice
 * writes one ledger row, and reserving the same hold twice holds once.
 */
export function attemptKeys(jobId: string, attempt: number, run: string = randomUUID().slice(0, 8)) {
  const prefix = `${jobId}:a${attempt}:r${run}`;
  return { hold: `${prefix}:hold`, call: (n: number) => `${prefix}:call${n}` };
}

type Hold = { tenantId: string; key: string };

/** Converts an abandoned hold into what its run's calls recorded in the ledger, or returns it if none. */
async function settleFromLedger(db: Db, hold: Hold): Promise<'settled' | 'released'> {
  const callPrefix = hold.key.replace(/:hold$/, ':call');
  const used = await db.usageEvent.aggregate({
    where: { tenantId: hold.tenantId, idempotencyKey: { startsWith: callPrefix } },
    _sum: { costMicros: true },
  });
  const spent = used._sum.costMicros ?? 0n;
  if (spent > 0n) {
    await settle(db, hold.tenantId, hold.key, spent);
    return 'settled';
  }
  await release(db, hold.tenantId, hold.key);
  return 'released';
}

/**
 * A run that crashed between reserving and settling left its hold HELD. Before the job tries again, each such hold
 * (every hold of this job but the current run's) is settled with what its calls recorded in the ledger, or released.
 */
export async function settleAbandonedHolds(db: Db, tenantId: string, jobId: string, currentHold: string): Promise<number> {
  const held = await db.budgetReservation.findMany({
    where: { tenantId, status: 'HELD', key: { startsWith: `${jobId}:a`, endsWith: ':hold', not: currentHold } },
  });
  for (const hold of held) await settleFromLedger(db, hold);
  return held.length;
}

export interface HoldSweepOptions {
  /** Holds younger than this may belong to a run still streaming: a draft run ends well inside it. */
  olderThanMs?: number;
  /** Whether the job that made the hold may still run (waiting, delayed or active); such holds are left alone. */
  jobMayRun?: (jobId: string) => Promise<boolean>;
  batch?: number;
}

/**
 * Holds whose job failed for good (or vanished) are never settled by a rerun: without this sweep they would keep
 * the tenant's budget reserved until the month ends. Each is settled from its ledger rows or released.
 */
export async function sweepAbandonedHolds(
  systemDb: SystemClient,
  db: Db,
  options: HoldSweepOptions = {},
): Promise<{ settled: number; released: number; skipped: number }> {
  const cutoff = new Date(Date.now() - (options.olderThanMs ?? 15 * 60_000));
  const held = await systemDb.budgetReservation.findMany({
    where: { status: 'HELD', createdAt: { lt: cutoff } },
    select: { tenantId: true, key: true },
    orderBy: { createdAt: 'asc' },
    take: options.batch ?? 500,
  });
  const counts = { settled: 0, released: 0, skipped: 0 };
  for (const hold of held) {
    const jobId = hold.key.replace(/:a\d+(:r[^:]+)?:hold$/, '');
    if (options.jobMayRun && (await options.jobMayRun(jobId))) {
      counts.skipped++;
      continue;
    }
    counts[await settleFromLedger(db, hold)]++;
  }
  return counts;
}

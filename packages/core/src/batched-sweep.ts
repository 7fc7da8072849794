/**
 * Cross-tenant maintenance (SLA breach flags, auto-close) at any size. One transaction over every due row
 * once took minutes at 350,000 overdue tickets, lost its BullMQ lock, rolled back and started again, so no
 * tenant was flagged at all. Here each step is one short statement over at most `batchSize` rows of one
 * tenant, tenants take turns (a large backlog cannot starve a small tenant), and a run stops after
 * `budgetMs` (after the first round, which every tenant with due rows always gets) so it ends well inside
 * its job lock; the next scheduled run carries on.
 */
export interface SweepOptions {
  batchSize?: number;
  budgetMs?: number;
}

export interface SweepResult {
  /** Rows changed in this run. */
  processed: number;
  batches: number;
  /** Tenants that had due rows when the run started. */
  tenants: number;
  /** False when the time budget ran out with rows still due; the next run continues. */
  complete: boolean;
}

export const DEFAULT_SWEEP_BATCH = 5_000;
export const DEFAULT_SWEEP_BUDGET_MS = 20_000;

/**
 * `step(tenantId, limit)` changes at most `limit` due rows of one tenant and returns how many it changed;
 * a tenant leaves the rotation once a step returns fewer than `limit`.
 */
export async function sweepTenantsInBatches(
  tenantIds: string[],
  step: (tenantId: string, limit: number) => Promise<number>,
  options: SweepOptions = {},
): Promise<SweepResult> {
  const batchSize = options.batchSize ?? DEFAULT_SWEEP_BATCH;
  const deadline = Date.now() + (options.budgetMs ?? DEFAULT_SWEEP_BUDGET_MS);
  let pending = [...tenantIds];
  let processed = 0;
  let batches = 0;
  for (let round = 0; pending.length > 0; round++) {
    const next: string[] = [];
    for (const tenantId of pending) {
      // Every tenant with due rows gets its first batch in every run, whatever the budget.
      if (round > 0 && Date.now() >= deadline) return { processed, batches, tenants: tenantIds.length, complete: false };
      const changed = await step(tenantId, batchSize);
      processed += changed;
      batches++;
      if (changed >= batchSize) next.push(tenantId);
    }
    pending = next;
  }
  return { processed, batches, tenants: tenantIds.length, complete: true };
}

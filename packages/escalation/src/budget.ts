import { Prisma, type Budget, type Db, type Tx } from '@helpdesk/db';

export const ALERT_THRESHOLDS = [80, 95, 100] as const;

/** Budgets run per calendar month in UTC. */
export function budgetPeriod(at: Date = new Date()): string {
  return at.toISOString().slice(0, 7);
}

type Client = Db | Tx;

/** The tenant's budget for a period, created from the policy's monthly limit on first use. */
export async function ensureBudget(db: Client, tenantId: string, period = budgetPeriod()): Promise<Budget> {
  const existing = await db.budget.findFirst({ where: { tenantId, period } });
  if (existing) return existing;
  const policy = await db.escalationPolicy.findFirst({ where: { tenantId }, select: { monthlyBudgetMicros: true } });
  // The policy column's default, so a tenant that never opened the admin page still has a limit.
  const limitMicros = policy?.monthlyBudgetMicros ?? 50_000_000n;
  await db.budget.createMany({ data: [{ tenantId, period, limitMicros }], skipDuplicates: true });
  return db.budget.findFirstOrThrow({ where: { tenantId, period } });
}

/** The tenant's budget for a period if one was opened (reading does not open one, unlike ensureBudget). */
export async function findBudget(db: Client, tenantId: string, period: string): Promise<Budget | null> {
  return db.budget.findFirst({ where: { tenantId, period } });
}

export function remainingMicros(budget: Pick<Budget, 'limitMicros' | 'reservedMicros' | 'spentMicros'>): bigint {
  return budget.limitMicros - budget.reservedMicros - budget.spentMicros;
}

export type Reservation = { ok: true; key: string; amountMicros: bigint } | { ok: false; remainingMicros: bigint };

/**
 * Holds `maxCostMicros` of this period's budget for one cloud call. A single conditional UPDATE decides,
 * so concurrent escalations cannot together pass the limit. Reserving an existing key again returns the
 * hold already made (a retried job does not hold twice).
 */
export async function reserve(db: Db, tenantId: string, key: string, maxCostMicros: bigint): Promise<Reservation> {
  const budget = await ensureBudget(db, tenantId);
  return db.$transaction(async (tx) => {
    const held = await tx.budgetReservation.findFirst({ where: { tenantId, key } });
    if (held) return held.status === 'HELD' ? { ok: true, key, amountMicros: held.amountMicros } : { ok: false, remainingMicros: 0n };
    const updated = await tx.$executeRaw`
      UPDATE "Budget" SET "reservedMicros" = "reservedMicros" + ${maxCostMicros}, "updatedAt" = now()
       WHERE id = ${budget.id} AND "tenantId" = ${tenantId}
         AND "reservedMicros" + "spentMicros" + ${maxCostMicros} <= "limitMicros"`;
    if (updated === 0) {
      const now = await tx.budget.findFirstOrThrow({ where: { id: budget.id, tenantId } });
      return { ok: false, remainingMicros: remainingMicros(now) };
    }
    await tx.budgetReservation.create({ data: { tenantId, budgetId: budget.id, key, amountMicros: maxCostMicros } });
    return { ok: true, key, amountMicros: maxCostMicros };
  });
}

async function takeHeld(tx: Tx, tenantId: string, key: string) {
  const rows = await tx.$queryRaw<{ id: string; budgetId: string; amountMicros: bigint }[]>`
    SELECT id, "budgetId", "amountMicros" FROM "BudgetReservation"
     WHERE key = ${key} AND "tenantId" = ${tenantId} AND status = 'HELD' FOR UPDATE`;
  return rows[0] ?? null;
}

/** Converts a hold into spend; fires the 80/95/100 % alerts the new spend crosses. Settling twice is a no-op. */
export async function settle(db: Db, tenantId: string, key: string, actualMicros: bigint): Promise<void> {
  await db.$transaction(async (tx) => {
    const held = await takeHeld(tx, tenantId, key);
    if (!held) return;
    await tx.budgetReservation.update({ where: { id: held.id, tenantId }, data: { status: 'SETTLED', settledMicros: actualMicros } });
    const budget = await tx.budget.update({
      where: { id: held.budgetId, tenantId },
      data: { reservedMicros: { decrement: held.amountMicros }, spentMicros: { increment: actualMicros } },
    });
    await fireAlerts(tx, budget);
  });
}

/** Returns a hold unused (the call never ran, or was not billed). */
export async function release(db: Db, tenantId: string, key: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const held = await takeHeld(tx, tenantId, key);
    if (!held) return;
    await tx.budgetReservation.update({ where: { id: held.id, tenantId }, data: { status: 'RELEASED', settledMicros: 0n } });
    await tx.budget.update({ where: { id: held.budgetId, tenantId }, data: { reservedMicros: { decrement: held.amountMicros } } });
  });
}

/**
 * Each threshold fires once per period: the BudgetAlert unique key decides, and only the transaction that
 * inserted the row writes the notification and the outbox event that delivers the webhook.
 */
export async function fireAlerts(tx: Tx, budget: Budget): Promise<number[]> {
  if (budget.limitMicros <= 0n) return [];
  const crossed = ALERT_THRESHOLDS.filter((t) => budget.spentMicros * 100n >= budget.limitMicros * BigInt(t));
  if (crossed.length === 0) return [];
  const inserted = await tx.budgetAlert.createManyAndReturn({
    data: crossed.map((threshold) => ({ tenantId: budget.tenantId, budgetId: budget.id, threshold })),
    skipDuplicates: true,
  });
  for (const alert of inserted) {
    await tx.notification.create({
      data: {
        tenantId: budget.tenantId,
        kind: 'budget.alert',
        title: `AI budget ${alert.threshold}% used`,
        body: `Cloud AI spend for ${budget.period} has reached ${alert.threshold}% of the monthly budget.`,
      },
    });
    await tx.outboxEvent.create({
      data: {
        tenantId: budget.tenantId,
        type: 'budget.alert',
        payload: { tenantId: budget.tenantId, alertId: alert.id } as Prisma.InputJsonValue,
      },
    });
  }
  return inserted.map((a) => a.threshold);
}

import type { Tx } from '@helpdesk/db';
import { divRoundHalfUp } from './pricing';

export interface BudgetStatus {
  period: string;
  limitMicros: bigint;
  spentMicros: bigint;
  reservedMicros: bigint;
  usedPercent: number;
  hasBudgetRow: boolean;
}

export function utcPeriod(at = new Date()): string {
  return at.toISOString().slice(0, 7);
}

/**
 * This month's cloud budget as the escalation side keeps it (Budget rows). Before the first cloud call of the
 * month there is no row yet: the limit then comes from the escalation policy and nothing is spent.
 */
export async function budgetStatus(db: Tx, tenantId: string, at = new Date()): Promise<BudgetStatus> {
  const period = utcPeriod(at);
  const budget = await db.budget.findFirst({ where: { tenantId, period } });
  const policy = budget ? null : await db.escalationPolicy.findFirst({ where: { tenantId }, select: { monthlyBudgetMicros: true } });
  const limitMicros = budget?.limitMicros ?? policy?.monthlyBudgetMicros ?? 50_000_000n;
  const spentMicros = budget?.spentMicros ?? 0n;
  const reservedMicros = budget?.reservedMicros ?? 0n;
  const usedPercent = limitMicros === 0n ? 0 : Number(divRoundHalfUp((spentMicros + reservedMicros) * 1000n, limitMicros)) / 10;
  return { period, limitMicros, spentMicros, reservedMicros, usedPercent, hasBudgetRow: budget !== null };
}

import { ModelProvider, type SystemClient, type Tx } from '@helpdesk/db';
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
 * This month's cloud budget as the escalation side keeps it (Budget rows). Without a row yet (no reservation
 * this month), the limit comes from the escalation policy and the spend from the ledger's cloud calls.
 */
export async function budgetStatus(db: Tx, tenantId: string, at = new Date()): Promise<BudgetStatus> {
  const period = utcPeriod(at);
  const budget = await db.budget.findFirst({ where: { tenantId, period } });
  const policy = budget ? null : await db.escalationPolicy.findFirst({ where: { tenantId }, select: { monthlyBudgetMicros: true } });
  const limitMicros = budget?.limitMicros ?? policy?.monthlyBudgetMicros ?? 50_000_000n;
  const start = new Date(`${period}-01T00:00:00Z`);
  const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
  const ledger = budget
    ? null
    : await db.usageEvent.aggregate({
        where: { tenantId, provider: ModelProvider.CLOUD, occurredAt: { gte: start, lt: end } },
        _sum: { costMicros: true },
      });
  const spentMicros = budget?.spentMicros ?? ledger?._sum.costMicros ?? 0n;
  const reservedMicros = budget?.reservedMicros ?? 0n;
  const usedPercent = limitMicros === 0n ? 0 : Number(divRoundHalfUp((spentMicros + reservedMicros) * 1000n, limitMicros)) / 10;
  return { period, limitMicros, spentMicros, reservedMicros, usedPercent, hasBudgetRow: budget !== null };
}

export interface TenantBudgetUse {
  tenantSlug: string;
  limitMicros: bigint;
  spentMicros: bigint;
  reservedMicros: bigint;
}

/**
 * This month's cloud budget of every tenant that has one (a Budget row is made by the first cloud reservation of
 * the month), for the platform operator's metrics. Tenants without cloud use this month have no row and no series.
 */
export async function budgetUseByTenant(systemDb: SystemClient, at = new Date()): Promise<TenantBudgetUse[]> {
  const rows = await systemDb.budget.findMany({
    where: { period: utcPeriod(at) },
    select: { limitMicros: true, spentMicros: true, reservedMicros: true, tenant: { select: { slug: true } } },
    orderBy: { tenantId: 'asc' },
  });
  return rows.map((r) => ({
    tenantSlug: r.tenant.slug,
    limitMicros: r.limitMicros,
    spentMicros: r.spentMicros,
    reservedMicros: r.reservedMicros,
  }));
}

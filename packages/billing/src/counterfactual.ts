import { ModelProvider, ValidationError, type PriceCatalog, type Tx } from '@helpdesk/db';
import { divRoundHalfUp } from './pricing';
import type { UsageGroup } from './usage-source';

export const DEFAULT_COUNTERFACTUAL_MODEL = 'claude-sonnet-4-6';

/** Cloud models a tenant could compare against: those with a cloud price row visible to it. */
export async function cloudModels(db: Tx, tenantId: string): Promise<string[]> {
  const rows = await db.priceCatalog.findMany({
    where: { provider: ModelProvider.CLOUD, OR: [{ tenantId }, { tenantId: null }] },
    select: { model: true },
    distinct: ['model'],
    orderBy: { model: 'asc' },
  });
  return rows.map((r) => r.model);
}

/** Price rows for one model that apply to a tenant, newest first, tenant overrides before platform rows. */
async function ratesFor(db: Tx, tenantId: string, model: string): Promise<PriceCatalog[]> {
  const rows = await db.priceCatalog.findMany({
    where: { model, provider: ModelProvider.CLOUD, OR: [{ tenantId }, { tenantId: null }] },
    orderBy: { effectiveFrom: 'desc' },
  });
  if (rows.length === 0) throw new ValidationError('compareModel', `no cloud price for ${model}`);
  return rows;
}

function rateAt(rows: PriceCatalog[], at: Date): PriceCatalog | null {
  const inForce = rows.filter((r) => r.effectiveFrom <= at);
  return inForce.find((r) => r.tenantId !== null) ?? inForce.find((r) => r.tenantId === null) ?? null;
}

/**
 * What each day's usage would have cost had every call gone to `model`. Rule: every call's tokens, local
 * ones included, are priced at that model's rates in force at the start of the day (tenant override first):
 * tokensIn as input, tokensOut as output, cache writes and reads at the cache rates (local calls have none).
 * Local compute time is not charged. Each day's sum is rounded half up once, like a ledger row.
 */
export async function counterfactualByDay(db: Tx, tenantId: string, model: string, groups: UsageGroup[]): Promise<Map<string, bigint>> {
  const rows = await ratesFor(db, tenantId, model);
  const byDay = new Map<string, bigint>();
  const perDay = new Map<string, UsageGroup[]>();
  for (const g of groups) {
    const list = perDay.get(g.day);
    if (list) list.push(g);
    else perDay.set(g.day, [g]);
  }
  for (const [day, dayGroups] of perDay) {
    const rate = rateAt(rows, new Date(`${day}T00:00:00Z`));
    if (!rate) {
      byDay.set(day, 0n);
      continue;
    }
    const numerator = dayGroups.reduce(
      (sum, g) =>
        sum +
        g.tokensIn * rate.inputPerMTokMicros +
        g.tokensOut * rate.outputPerMTokMicros +
        g.cacheWriteTokens * rate.cacheWritePerMTokMicros +
        g.cacheReadTokens * rate.cacheReadPerMTokMicros,
      0n,
    );
    byDay.set(day, divRoundHalfUp(numerator, 1_000_000n));
  }
  return byDay;
}

/** Savings of the actual spend against the counterfactual, in percent with one decimal (0 when nothing to compare). */
export function savingsPercent(actualMicros: bigint, counterfactualMicros: bigint): number {
  if (counterfactualMicros <= 0n) return 0;
  const tenths = divRoundHalfUp((counterfactualMicros - actualMicros) * 1000n, counterfactualMicros);
  return Number(tenths) / 10;
}

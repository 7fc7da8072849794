import { AiFeature, ModelProvider, ValidationError, type PriceCatalog, type Tx } from '@helpdesk/db';
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
 * What an all-cloud helpdesk would have paid for the same tickets, per day, had every call gone to `model`.
 *
 * Which calls: exactly one triage call and one draft call per ticket, with the same thread and the same
 * retrieved excerpts. recordUsage marks them when it writes the ledger (`counterfactualKind`, at most one row
 * per ticket and kind, first come): a cloud draft call that produced a draft counts at its real tokens
 * (cache writes and reads included); a local triage or draft call counts at `cloudTokensIn`/`cloudTokensOut`,
 * the tokens its prompt and answer would be to a cloud model (estimateCloudTokens). Left out, because an
 * all-cloud helpdesk would not make them or they are ours alone: embeddings and retrieval (the excerpts are
 * given), retries and failed cloud attempts, local fallback drafts after a cloud draft (the ticket already has
 * its draft call), later triage/drafts of the same ticket, and summaries (an extra that only the local model
 * makes cheap enough to offer). Marking at write time keeps the figure a plain sum over ledger rows, so
 * rollups carry it and a report never has to de-duplicate tickets across days.
 *
 * Price: Σ input × input rate + output × output rate + cache writes × cache-write rate + cache reads ×
 * cache-read rate of `model`'s price in force at the start of each UTC day (tenant override first), ÷ 10⁶,
 * rounded half up once per day like a ledger row. Local compute time is not charged.
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
        g.counterfactualTokensIn * rate.inputPerMTokMicros +
        g.counterfactualTokensOut * rate.outputPerMTokMicros +
        g.counterfactualCacheWriteTokens * rate.cacheWritePerMTokMicros +
        g.counterfactualCacheReadTokens * rate.cacheReadPerMTokMicros,
      0n,
    );
    byDay.set(day, divRoundHalfUp(numerator, 1_000_000n));
  }
  return byDay;
}

/** How many all-cloud calls the counterfactual priced: triage calls and draft calls (one each per ticket). */
export function counterfactualCalls(groups: UsageGroup[]): { triage: bigint; draft: bigint } {
  let triage = 0n;
  let draft = 0n;
  for (const g of groups) {
    if (g.feature === AiFeature.TRIAGE) triage += g.counterfactualCalls;
    else if (g.feature === AiFeature.DRAFT || g.feature === AiFeature.ESCALATED_DRAFT) draft += g.counterfactualCalls;
  }
  return { triage, draft };
}

/** Savings of the actual spend against the counterfactual, in percent with one decimal (0 when nothing to compare). */
export function savingsPercent(actualMicros: bigint, counterfactualMicros: bigint): number {
  if (counterfactualMicros <= 0n) return 0;
  const tenths = divRoundHalfUp((counterfactualMicros - actualMicros) * 1000n, counterfactualMicros);
  return Number(tenths) / 10;
}

import { AiFeature, ModelProvider, type Tx } from '@helpdesk/db';
import { counterfactualByDay, counterfactualCalls, DEFAULT_COUNTERFACTUAL_MODEL, savingsPercent } from './counterfactual';
import type { DateRange } from './date-range';
import { divRoundHalfUp } from './pricing';
import { usageGroups, type UsageGroup, type UsageSource } from './usage-source';

export interface DaySpend {
  day: string;
  localMicros: bigint;
  cloudMicros: bigint;
  totalMicros: bigint;
  counterfactualMicros: bigint;
}

export interface PeriodSpend {
  period: string;
  costMicros: bigint;
}

export interface FeatureSpend {
  feature: AiFeature;
  calls: bigint;
  costMicros: bigint;
}

export interface ModelSpend {
  model: string;
  provider: ModelProvider;
  calls: bigint;
  tokensIn: bigint;
  tokensOut: bigint;
  computeMs: bigint;
  costMicros: bigint;
}

export interface SpendReport {
  range: DateRange;
  totals: { calls: bigint; tokensIn: bigint; tokensOut: bigint; costMicros: bigint; localMicros: bigint; cloudMicros: bigint };
  daily: DaySpend[];
  weekly: PeriodSpend[];
  monthly: PeriodSpend[];
  byFeature: FeatureSpend[];
  byModel: ModelSpend[];
  /** Tickets by where their draft came from: the local model (fallbacks included) or the cloud. */
  escalation: { drafts: bigint; escalated: bigint; ratePercent: number };
  counterfactual: {
    model: string;
    costMicros: bigint;
    savingsMicros: bigint;
    savingsPercent: number;
    triageCalls: bigint;
    draftCalls: bigint;
  };
  /** Tickets triaged in the range (each once, see counterfactual.ts) and all AI spend divided by them. */
  perTicket: { tickets: bigint; costMicros: bigint; counterfactualMicros: bigint };
  /** Calls whose model has no price of its own in the catalog, by model. */
  unpriced: { calls: bigint; models: { model: string; provider: ModelProvider; calls: bigint }[] };
  groups: UsageGroup[];
}

export interface SpendReportOptions {
  compareModel?: string;
  source?: UsageSource;
}

const DAY_MS = 86_400_000;

function eachDay(range: DateRange): string[] {
  const days: string[] = [];
  for (let t = range.from.getTime(); t < range.to.getTime(); t += DAY_MS) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** ISO week label (Monday start), e.g. "2026-W48". */
export function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7;
  const thursday = new Date(d.getTime() + (3 - weekday) * DAY_MS);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.floor((thursday.getTime() - yearStart) / DAY_MS / 7) + 1;
  return `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

function sumBy<K>(items: UsageGroup[], key: (g: UsageGroup) => K): Map<K, UsageGroup[]> {
  const out = new Map<K, UsageGroup[]>();
  for (const g of items) {
    const k = key(g);
    const list = out.get(k);
    if (list) list.push(g);
    else out.set(k, [g]);
  }
  return out;
}

const total = (gs: UsageGroup[], f: (g: UsageGroup) => bigint) => gs.reduce((s, g) => s + f(g), 0n);

const byModelKey = (groups: UsageGroup[]) => [...sumBy(groups, (g) => `${g.provider}\u0000${g.model}`).values()];

function periods(daily: DaySpend[], label: (day: string) => string): PeriodSpend[] {
  const out = new Map<string, bigint>();
  for (const d of daily) out.set(label(d.day), (out.get(label(d.day)) ?? 0n) + d.totalMicros);
  return [...out].map(([period, costMicros]) => ({ period, costMicros }));
}

/**
 * A tenant's AI spend over a range. Everything derives from one set of per-day groups (rollups for complete
 * days, the ledger for recent ones), so every breakdown and the CSV export sum to the same total.
 */
export async function spendReport(db: Tx, tenantId: string, range: DateRange, options: SpendReportOptions = {}): Promise<SpendReport> {
  const compareModel = options.compareModel ?? DEFAULT_COUNTERFACTUAL_MODEL;
  const groups = await usageGroups(db, tenantId, range, options.source);
  const counterfactual = await counterfactualByDay(db, tenantId, compareModel, groups);
  const byDay = sumBy(groups, (g) => g.day);
  const daily = eachDay(range).map((day) => {
    const gs = byDay.get(day) ?? [];
    const localMicros = total(
      gs.filter((g) => g.provider === ModelProvider.LOCAL),
      (g) => g.costMicros,
    );
    const cloudMicros = total(
      gs.filter((g) => g.provider === ModelProvider.CLOUD),
      (g) => g.costMicros,
    );
    return { day, localMicros, cloudMicros, totalMicros: localMicros + cloudMicros, counterfactualMicros: counterfactual.get(day) ?? 0n };
  });
  const byFeature = Object.values(AiFeature).map((feature) => {
    const gs = groups.filter((g) => g.feature === feature);
    return { feature, calls: total(gs, (g) => g.calls), costMicros: total(gs, (g) => g.costMicros) };
  });
  const byModel = byModelKey(groups)
    .map((gs) => ({
      model: gs[0]!.model,
      provider: gs[0]!.provider,
      calls: total(gs, (g) => g.calls),
      tokensIn: total(gs, (g) => g.tokensIn),
      tokensOut: total(gs, (g) => g.tokensOut),
      computeMs: total(gs, (g) => g.computeMs),
      costMicros: total(gs, (g) => g.costMicros),
    }))
    .sort((a, b) => (b.costMicros > a.costMicros ? 1 : b.costMicros < a.costMicros ? -1 : a.model.localeCompare(b.model)));
  const costMicros = total(groups, (g) => g.costMicros);
  const counterfactualMicros = daily.reduce((s, d) => s + d.counterfactualMicros, 0n);
  const cfCalls = counterfactualCalls(groups);
  const cfDrafts = (feature: AiFeature) =>
    total(
      groups.filter((g) => g.feature === feature),
      (g) => g.counterfactualCalls,
    );
  const drafts = cfDrafts(AiFeature.DRAFT);
  const escalated = cfDrafts(AiFeature.ESCALATED_DRAFT);
  const perTicket = (micros: bigint) => (cfCalls.triage === 0n ? 0n : divRoundHalfUp(micros, cfCalls.triage));
  const unpricedModels = byModelKey(groups)
    .map((gs) => ({ model: gs[0]!.model, provider: gs[0]!.provider, calls: total(gs, (g) => g.unpricedCalls) }))
    .filter((m) => m.calls > 0n)
    .sort((x, y) => (y.calls > x.calls ? 1 : y.calls < x.calls ? -1 : x.model.localeCompare(y.model)));
  return {
    range,
    totals: {
      calls: total(groups, (g) => g.calls),
      tokensIn: total(groups, (g) => g.tokensIn),
      tokensOut: total(groups, (g) => g.tokensOut),
      costMicros,
      localMicros: daily.reduce((s, d) => s + d.localMicros, 0n),
      cloudMicros: daily.reduce((s, d) => s + d.cloudMicros, 0n),
    },
    daily,
    weekly: periods(daily, isoWeek),
    monthly: periods(daily, (day) => day.slice(0, 7)),
    byFeature,
    byModel,
    escalation: {
      drafts,
      escalated,
      ratePercent: drafts + escalated === 0n ? 0 : Number(divRoundHalfUp(escalated * 1000n, drafts + escalated)) / 10,
    },
    counterfactual: {
      model: compareModel,
      costMicros: counterfactualMicros,
      savingsMicros: counterfactualMicros - costMicros,
      savingsPercent: savingsPercent(costMicros, counterfactualMicros),
      triageCalls: cfCalls.triage,
      draftCalls: cfCalls.draft,
    },
    perTicket: { tickets: cfCalls.triage, costMicros: perTicket(costMicros), counterfactualMicros: perTicket(counterfactualMicros) },
    unpriced: { calls: total(groups, (g) => g.unpricedCalls), models: unpricedModels },
    groups,
  };
}

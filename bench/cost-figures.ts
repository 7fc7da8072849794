import { counterfactualByDay, DEFAULT_COUNTERFACTUAL_MODEL, ticketTrace, usageGroups, type UsageGroup } from '@helpdesk/billing';
import { OUT_OF_SCOPE } from '@helpdesk/classifier';
import type { Db, UsageEvent } from '@helpdesk/db';
import { percentile } from './figures';

export const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
export const sum = (gs: UsageGroup[], f: (g: UsageGroup) => bigint) => gs.reduce((s, g) => s + f(g), 0n);

/**
 * bench:cost's figures once every ticket has its draft: money read from the ledger only (through @helpdesk/billing),
 * quality compared with the data's labels.
 */
export async function costFigures(db: Db, tenantId: string, labelOf: Map<string, string>, range: { from: Date; to: Date }) {
  const ticketIds = [...labelOf.keys()];
  const n = ticketIds.length;
  const per1k = (micros: bigint) => (Number(micros) / 1e6 / n) * 1000;

  // ---------------------------------------------------------------- money from the ledger only
  const groups: UsageGroup[] = await usageGroups(db, tenantId, range, 'ledger');
  const local = groups.filter((g) => g.provider === 'LOCAL');
  const cloud = groups.filter((g) => g.provider === 'CLOUD');
  const localMicros = sum(local, (g) => g.costMicros);
  const cloudMicros = sum(cloud, (g) => g.costMicros);
  const hybridMicros = localMicros + cloudMicros;
  const counterModel = DEFAULT_COUNTERFACTUAL_MODEL;
  const allCloudMicros = [...(await counterfactualByDay(db, tenantId, counterModel, groups)).values()].reduce((a, b) => a + b, 0n);

  const traces = new Map<string, UsageEvent[]>();
  for (const id of ticketIds) traces.set(id, (await ticketTrace(db, tenantId, id)).events);
  const escalated = ticketIds.filter((id) => traces.get(id)!.some((e) => e.feature === 'ESCALATED_DRAFT'));
  const reasons = new Map<string, number>();
  for (const id of escalated) {
    const ok = traces.get(id)!.find((e) => e.feature === 'ESCALATED_DRAFT' && !e.reason?.startsWith('failed'));
    for (const r of (ok?.reason ?? 'cloud call failed').split('; ')) {
      // "confidence 0.41 < 0.60" and the like: one line per kind of reason, not per value.
      const kind = r.replace(/\d+(\.\d+)?/g, 'x');
      reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
    }
  }
  const models = groups.reduce((m, g) => {
    const k = `${g.provider.toLowerCase()} ${g.model}`;
    const prev = m.get(k) ?? { calls: 0n, micros: 0n, computeMs: 0n, tokens: 0n, features: new Set<string>() };
    prev.calls += g.calls;
    prev.micros += g.costMicros;
    prev.computeMs += g.computeMs;
    prev.tokens += g.tokensIn + g.tokensOut;
    prev.features.add(g.feature);
    return m.set(k, prev);
  }, new Map<string, { calls: bigint; micros: bigint; computeMs: bigint; tokens: bigint; features: Set<string> }>());
  const localPrices = await db.priceCatalog.findMany({
    where: { provider: 'LOCAL', model: { in: local.map((g) => g.model) }, OR: [{ tenantId }, { tenantId: null }] },
    orderBy: { effectiveFrom: 'desc' },
  });
  const tenantLocal = (await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { localComputeMicrosPerHour: true } }))
    .localComputeMicrosPerHour;

  // ---------------------------------------------------------------- quality against the labels
  const triage = await db.triageResult.findMany({
    where: { tenantId, ticketId: { in: ticketIds } },
    select: { ticketId: true, categoryKey: true, outOfScope: true, source: true },
  });
  const correct = (t: (typeof triage)[number]) => {
    const label = labelOf.get(t.ticketId)!;
    return label === OUT_OF_SCOPE ? t.outOfScope || t.categoryKey === null : t.categoryKey === label;
  };
  const settled = triage.filter((t) => t.source === 'CLASSIFIER');
  const byModel = triage.filter((t) => t.source !== 'CLASSIFIER');
  const accuracy = (ts: typeof triage) => ratio(ts.filter(correct).length, ts.length);
  const drafts = await db.aiDraft.findMany({
    where: { tenantId, ticketId: { in: ticketIds } },
    select: { ticketId: true, source: true, updatedAt: true, ticket: { select: { createdAt: true } } },
  });
  const latencies = drafts.map((d) => (d.updatedAt.getTime() - d.ticket.createdAt.getTime()) / 1000);
  const draftSources = drafts.reduce((m, d) => m.set(d.source, (m.get(d.source) ?? 0) + 1), new Map<string, number>());

  const localTokensPerS = ratio(Number(sum(local, (g) => g.tokensIn + g.tokensOut)), Number(sum(local, (g) => g.computeMs)) / 1000);
  const round = (x: number, digits = 4) => Number(x.toFixed(digits));
  const result = {
    tickets: n,
    hybrid_usd_per_1k: round(per1k(hybridMicros)),
    all_cloud_usd_per_1k: round(per1k(allCloudMicros)),
    cost_ratio: round(ratio(Number(hybridMicros), Number(allCloudMicros))),
    escalation_rate: round(ratio(escalated.length, n)),
    classifier_final_share: round(ratio(settled.length, n)),
    triage_accuracy: round(accuracy(triage)),
    p95_ticket_to_draft_s: round(percentile(latencies, 95), 1),
  };
  return {
    result,
    cloud,
    localUsdPer1k: per1k(localMicros),
    cloudUsdPer1k: per1k(cloudMicros),
    counterModel,
    reasons,
    models,
    localPrices,
    tenantLocal,
    settled,
    byModel,
    accuracySettled: accuracy(settled),
    accuracyByModel: accuracy(byModel),
    latencies,
    draftSources,
    localTokensPerS,
  };
}

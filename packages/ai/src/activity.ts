import type { Db } from '@helpdesk/db';

/** What the tenant's AI did since a date: triage counts and averages, drafts by source and status, agent corrections. */
export async function aiActivity(db: Db, tenantId: string, since: Date) {
  const [triage, drafts, labels] = await Promise.all([
    db.triageResult.aggregate({
      where: { tenantId, createdAt: { gte: since } },
      _count: true,
      _avg: { durationMs: true, confidence: true },
      _sum: { invalidOutputs: true, promptTokensEvaluated: true, tokensIn: true },
    }),
    db.aiDraft.groupBy({ by: ['source', 'status'], where: { tenantId, createdAt: { gte: since } }, _count: true }),
    db.triageLabel.count({ where: { tenantId, createdAt: { gte: since } } }),
  ]);
  return { triage, drafts, labels };
}

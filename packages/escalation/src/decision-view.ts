import { z } from 'zod';
import { ticketTrace } from '@helpdesk/billing';
import type { AiDraft, Db, EscalationDecision } from '@helpdesk/db';

const reasonsSchema = z.array(z.string()).catch([]);
const redactionSummarySchema = z.record(z.string(), z.number()).nullable().catch(null);

export interface EscalationDecisionView {
  decision: EscalationDecision;
  reasons: string[];
  draft: AiDraft | null;
  /** Counts of each kind of personal data masked before the cloud call. */
  redactionSummary: Record<string, number> | null;
  cloudCost: { micros: bigint; tokensIn: number; tokensOut: number; calls: number };
}

/** The latest escalation decision for a ticket, its draft, and what its cloud calls cost (from the usage ledger). */
export async function escalationDecisionView(db: Db, tenantId: string, ticketId: string): Promise<EscalationDecisionView | null> {
  const decision = await db.escalationDecision.findFirst({ where: { tenantId, ticketId }, orderBy: { contentVersion: 'desc' } });
  if (!decision) return null;
  const [draft, trace] = await Promise.all([
    db.aiDraft.findFirst({ where: { tenantId, ticketId, contentVersion: decision.contentVersion } }),
    ticketTrace(db, tenantId, ticketId),
  ]);
  const calls = trace.events.filter((e) => e.feature === 'ESCALATED_DRAFT');
  return {
    decision,
    reasons: reasonsSchema.parse(decision.reasons),
    draft,
    redactionSummary: redactionSummarySchema.parse(draft?.redactionSummary ?? null),
    cloudCost: {
      micros: calls.reduce((sum, e) => sum + e.costMicros, 0n),
      tokensIn: calls.reduce((sum, e) => sum + e.tokensIn, 0),
      tokensOut: calls.reduce((sum, e) => sum + e.tokensOut, 0),
      calls: calls.length,
    },
  };
}

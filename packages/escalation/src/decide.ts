import type { EscalationPolicy, Priority, Sentiment } from '@helpdesk/db';

export const PRIORITY_RANK: Record<Priority, number> = { LOW: 0, NORMAL: 1, HIGH: 2, URGENT: 3 };

export type PolicyRules = Pick<
  EscalationPolicy,
  | 'localOnly'
  | 'confidenceThreshold'
  | 'escalateOutOfScope'
  | 'categories'
  | 'minPriority'
  | 'negativeSentiment'
  | 'vipTag'
  | 'retrievalScoreThreshold'
  | 'maxQuestions'
  | 'longMessageChars'
  | 'mediumModel'
  | 'complexModel'
>;

export interface TriageSignals {
  confidence: number;
  outOfScope: boolean;
  categoryKey: string | null;
  priority: Priority;
  sentiment: Sentiment;
}

export interface EscalationInput {
  policy: PolicyRules;
  /** Null when triage has not run: only the rules that need no triage can fire. */
  triage: TriageSignals | null;
  ticketPriority: Priority;
  retrievalTopScore: number | null;
  customerTags: readonly string[];
  /** The customer's latest message, for the long / multi-question rules. */
  messageText: string;
  /** Null when unknown (the simulator); zero or less blocks escalation. */
  budgetRemainingMicros: bigint | null;
}

export type BlockedBy = 'local_only' | 'budget';
export type Tier = 'medium' | 'complex';

export interface EscalationVerdict {
  escalate: boolean;
  tier: Tier | null;
  model: string | null;
  reasons: string[];
  blockedBy: BlockedBy | null;
}

const fmt = (n: number) => n.toFixed(2);

export function countQuestions(text: string): number {
  return (text.match(/\?+/g) ?? []).length;
}

/** Which rules hold for a ticket, as human-readable reasons ("confidence 0.41 < 0.60"). */
export function escalationReasons(input: EscalationInput): string[] {
  const { policy, triage } = input;
  const reasons: string[] = [];
  if (triage) {
    if (triage.confidence < policy.confidenceThreshold)
      reasons.push(`confidence ${fmt(triage.confidence)} < ${fmt(policy.confidenceThreshold)}`);
    if (policy.escalateOutOfScope && triage.outOfScope) reasons.push('out of scope');
    if (triage.categoryKey && policy.categories.includes(triage.categoryKey)) reasons.push(`category ${triage.categoryKey}`);
    if (policy.negativeSentiment && triage.sentiment === 'VERY_NEGATIVE') reasons.push('very negative sentiment');
  }
  const priority = triage && PRIORITY_RANK[triage.priority] > PRIORITY_RANK[input.ticketPriority] ? triage.priority : input.ticketPriority;
  if (policy.minPriority && PRIORITY_RANK[priority] >= PRIORITY_RANK[policy.minPriority])
    reasons.push(`priority ${priority} ≥ ${policy.minPriority}`);
  if (policy.vipTag && input.customerTags.includes(policy.vipTag)) reasons.push(`VIP customer (${policy.vipTag})`);
  if (
    policy.retrievalScoreThreshold !== null &&
    input.retrievalTopScore !== null &&
    input.retrievalTopScore < policy.retrievalScoreThreshold
  ) {
    reasons.push(`retrieval score ${fmt(input.retrievalTopScore)} < ${fmt(policy.retrievalScoreThreshold)}`);
  }
  const questions = countQuestions(input.messageText);
  if (policy.maxQuestions !== null && questions >= policy.maxQuestions) reasons.push(`${questions} questions ≥ ${policy.maxQuestions}`);
  if (policy.longMessageChars !== null && input.messageText.length > policy.longMessageChars) {
    reasons.push(`message ${input.messageText.length} chars > ${policy.longMessageChars}`);
  }
  return reasons;
}

/**
 * Pure: whether a ticket's reply draft goes to the cloud, which tier, and why. Reasons are kept even when
 * a block (local-only, budget) stops the escalation, so the ticket shows what would have escalated it.
 */
export function decideEscalation(input: EscalationInput): EscalationVerdict {
  const reasons = escalationReasons(input);
  if (reasons.length === 0) return { escalate: false, tier: null, model: null, reasons, blockedBy: null };
  const urgent = input.ticketPriority === 'URGENT' || input.triage?.priority === 'URGENT';
  const tier: Tier = reasons.length >= 2 || urgent ? 'complex' : 'medium';
  const model = tier === 'complex' ? input.policy.complexModel : input.policy.mediumModel;
  if (input.policy.localOnly) return { escalate: false, tier, model, reasons, blockedBy: 'local_only' };
  if (input.budgetRemainingMicros !== null && input.budgetRemainingMicros <= 0n)
    return { escalate: false, tier, model, reasons, blockedBy: 'budget' };
  return { escalate: true, tier, model, reasons, blockedBy: null };
}

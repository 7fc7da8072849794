import { NotFoundError, type Db, type EscalationPolicy, type Ticket, type TriageResult } from '@helpdesk/db';
import type { EscalationInput } from './decide';

export interface TicketSignals {
  ticket: Ticket & { customer: { name: string | null; email: string; tags: string[] } };
  triage: TriageResult | null;
  retrievalTopScore: number | null;
  thread: { from: 'customer' | 'agent'; text: string }[];
  latestCustomerText: string;
}

/**
 * Triage rows written by prompt version triage-v1 carry the local model's self-reported confidence: a
 * number it wrote, not a probability. Decisions treat it as no confidence at all.
 */
const SELF_REPORTED_CONFIDENCE = new Set(['triage-v1']);

export function trustedTriage(triage: TriageResult | null): TriageResult | null {
  if (triage?.source === 'LOCAL_MODEL' && SELF_REPORTED_CONFIDENCE.has(triage.promptVersion)) return { ...triage, confidence: 0 };
  return triage;
}

/** What the escalation rules look at for one ticket version: its triage, retrieval and latest customer message. */
export async function loadTicketSignals(db: Db, tenantId: string, ticketId: string, contentVersion: number): Promise<TicketSignals> {
  const ticket = await db.ticket.findFirst({
    where: { id: ticketId, tenantId },
    include: { customer: { select: { name: true, email: true, tags: true } } },
  });
  if (!ticket) throw new NotFoundError('Ticket');
  const [triage, retrieval, messages] = await Promise.all([
    db.triageResult.findFirst({
      where: { tenantId, ticketId, contentVersion: { lte: contentVersion } },
      orderBy: { contentVersion: 'desc' },
    }),
    db.retrievalResult.findFirst({
      where: { tenantId, ticketId, contentVersion: { lte: contentVersion } },
      orderBy: { contentVersion: 'desc' },
    }),
    db.message.findMany({
      where: { tenantId, ticketId, kind: { in: ['CUSTOMER', 'REPLY'] } },
      orderBy: { createdAt: 'asc' },
      select: { kind: true, bodyText: true },
    }),
  ]);
  const thread = messages.map((m) => ({ from: m.kind === 'CUSTOMER' ? ('customer' as const) : ('agent' as const), text: m.bodyText }));
  const latestCustomerText = [...thread].reverse().find((m) => m.from === 'customer')?.text ?? '';
  return { ticket, triage: trustedTriage(triage), retrievalTopScore: retrieval?.topScore ?? null, thread, latestCustomerText };
}

export function escalationInput(policy: EscalationPolicy, s: TicketSignals, budgetRemainingMicros: bigint | null): EscalationInput {
  return {
    policy,
    triage: s.triage,
    ticketPriority: s.ticket.priority,
    retrievalTopScore: s.retrievalTopScore,
    customerTags: s.ticket.customer.tags,
    messageText: s.latestCustomerText,
    budgetRemainingMicros,
  };
}

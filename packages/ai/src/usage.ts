import { estimateCloudTokens, recordUsage } from '@helpdesk/billing';
import type { AiFeature, Db } from '@helpdesk/db';
import { localCatalogId, type ModelRuntime } from '@helpdesk/llm';
import { loadTicketForAi } from './ticket-text';

export interface JobRef {
  id?: string;
  attemptsMade?: number;
}

export interface LocalCall {
  tenantId: string;
  ticketId?: string;
  contentVersion?: number;
  feature: AiFeature;
  tokensIn: number;
  tokensOut: number;
  /** Wall time of the call, the wait for a free sequence included. */
  durationMs: number;
  /** The part of durationMs spent waiting for a free sequence (CompletionResult.waitMs): not compute. */
  waitMs?: number;
  /** Which of the runtime's models ran: the chat model unless said otherwise. */
  role?: 'chat' | 'embedding';
  /** A draft's prompt and answer, to size the cloud request it stands for (see cloudTokens). */
  cloudRequest?: { prompt: string[]; answer: string };
}

/**
 * What an all-cloud helpdesk would send for this ticket's triage: one request with the tenant's categories
 * and the customer's text, answered with the triage fields. Built from what the triage job stored, not from
 * our local prompts, which are split and shaped for a small model's cache.
 */
async function cloudTriageRequest(
  db: Db,
  call: LocalCall & { ticketId: string },
): Promise<{ prompt: string[]; answer: string } | undefined> {
  const [triage, categories, ticket] = await Promise.all([
    db.triageResult.findFirst({ where: { tenantId: call.tenantId, ticketId: call.ticketId, contentVersion: call.contentVersion } }),
    db.category.findMany({
      where: { tenantId: call.tenantId, active: true },
      select: { key: true, name: true, description: true },
      orderBy: { key: 'asc' },
    }),
    loadTicketForAi(db, call.tenantId, call.ticketId),
  ]);
  if (!triage) return undefined;
  const taxonomy = categories.map((c) => `- ${c.key}: ${c.name}${c.description ? ` (${c.description})` : ''}`).join('\n');
  const answer = JSON.stringify({
    category: triage.categoryKey,
    priority: triage.priority,
    sentiment: triage.sentiment,
    language: triage.language,
    summary: triage.summary,
  });
  return {
    prompt: [
      'Triage this customer support ticket. Answer with one JSON object: category (one of the keys below), priority, sentiment, language, summary.',
      taxonomy,
      `Subject: ${ticket.subject}\n${ticket.text}`,
    ],
    answer,
  };
}

/** The cloud-equivalent tokens of a local triage or draft call (billing's counterfactual reads them). */
async function cloudTokens(db: Db, call: LocalCall): Promise<{ cloudTokensIn?: number; cloudTokensOut?: number }> {
  if (!call.ticketId || (call.feature !== 'TRIAGE' && call.feature !== 'DRAFT')) return {};
  const request =
    call.cloudRequest ?? (call.feature === 'TRIAGE' ? await cloudTriageRequest(db, { ...call, ticketId: call.ticketId }) : undefined);
  if (!request) return {};
  return { cloudTokensIn: estimateCloudTokens(...request.prompt), cloudTokensOut: estimateCloudTokens(request.answer) };
}

/**
 * Every local model call goes to billing's ledger under the model's catalog id; the idempotency key makes a
 * retried job a no-op. Compute time is the call's wall time less its wait for a free sequence.
 */
export async function recordLocalUsage(db: Db, runtime: ModelRuntime, call: LocalCall, job?: JobRef): Promise<void> {
  const jobId = job?.id ?? `direct-${call.ticketId ?? call.tenantId}-v${call.contentVersion ?? 0}`;
  const embedding = call.role === 'embedding';
  const waitMs = Math.min(call.waitMs ?? 0, call.durationMs);
  await recordUsage(db, {
    tenantId: call.tenantId,
    ticketId: call.ticketId,
    feature: call.feature,
    model: await localCatalogId(embedding ? (runtime.options.embeddingModelPath ?? runtime.options.modelPath) : runtime.options.modelPath),
    provider: 'LOCAL',
    tokensIn: call.tokensIn,
    tokensOut: call.tokensOut,
    durationMs: call.durationMs,
    waitMs,
    computeMs: call.durationMs - waitMs,
    ...(await cloudTokens(db, call)),
    idempotencyKey: `${jobId}:${call.feature}`,
    jobId: job?.id,
    attempt: (job?.attemptsMade ?? 0) + 1,
  });
}

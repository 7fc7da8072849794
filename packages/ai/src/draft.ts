import type { Redis } from 'ioredis';
import { z } from 'zod';
import {
  autoSendRefusal,
  routeDraft,
  type CloudOptions,
  type DraftRouteResult,
  type LocalDraft,
  type LocalDraftStream,
} from '@helpdesk/escalation';
import type { Actor, Db, Prisma } from '@helpdesk/db';
import { complete, type ModelRuntime } from '@helpdesk/llm';
import { CUSTOMER_DATA_RULE, dataBlock } from './customer-text';
import { citationSchema, type Citation } from '@helpdesk/knowledge';
import { approveDraft } from './draft-approval';
import { loadTicketForAi } from './ticket-text';
import { recordLocalUsage, type JobRef } from './usage';
import { contentWhere, type ContentRef } from './content-ref';

export const LOCAL_DRAFT_PROMPT_VERSION = 'local-draft-v2';
const DRAFT_MAX_TOKENS = 200;

export function draftSystemPrompt(tenantName: string): string {
  return [
    `You write reply drafts for the support team of ${tenantName}. A human agent reviews every draft.`,
    CUSTOMER_DATA_RULE,
    'Answer only from the numbered knowledge articles; cite them as [1], [2]. If they do not answer the question, say an agent will follow up.',
    'Be brief and polite. Never promise refunds, credits or dates the articles do not state.',
  ].join('\n');
}

function articlesBlock(citations: Citation[]): string {
  if (!citations.length) return 'Knowledge articles: none found.';
  return ['Knowledge articles:', ...citations.map((c, i) => `[${i + 1}] ${c.title}\n${c.excerpt}`)].join('\n\n');
}

/** The grounding list is appended by us, not generated: citations must point at real articles. */
export function sourcesFooter(citations: Citation[]): string {
  if (!citations.length) return '';
  return `\n\nSources:\n${citations.map((c, i) => `[${i + 1}] ${c.title}`).join('\n')}`;
}

async function latestCitations(db: Db, ref: ContentRef): Promise<Citation[]> {
  const retrieval = await db.retrievalResult.findFirst({
    where: contentWhere(ref),
  });
  return z.array(citationSchema).parse(retrieval?.citations ?? []);
}

/**
 * A reply drafted on the local model, grounded in the retrieved articles; usage recorded under the job's key. With a
 * stream, the text so far is handed on after every decoded chunk, in order, as the ticket page shows it being written.
 */
export async function localDraft(
  db: Db,
  runtime: ModelRuntime,
  ref: ContentRef,
  citations: Citation[],
  job?: JobRef,
  stream?: LocalDraftStream,
): Promise<LocalDraft> {
  const [ticket, tenant, triage] = await Promise.all([
    loadTicketForAi(db, ref.tenantId, ref.ticketId),
    db.tenant.findUniqueOrThrow({ where: { id: ref.tenantId }, select: { name: true } }),
    db.triageResult.findFirst({ where: contentWhere(ref) }),
  ]);
  // The triage summary is model output about customer text, so it sits in the data block with the subject.
  const user = [
    triage ? `Triage: priority ${triage.priority}, sentiment ${triage.sentiment}` : '',
    articlesBlock(citations),
    dataBlock([
      { name: 'subject', text: ticket.subject },
      ...(triage ? [{ name: 'triage_summary' as const, text: triage.summary }] : []),
      { name: 'customer_message', text: ticket.text },
    ]),
  ]
    .filter(Boolean)
    .join('\n\n');
  const system = draftSystemPrompt(tenant.name);
  let soFar = '';
  let published: Promise<void> = Promise.resolve();
  const run = await complete(runtime, {
    system,
    prefixKey: `${ref.tenantId}:${LOCAL_DRAFT_PROMPT_VERSION}`,
    user,
    maxTokens: DRAFT_MAX_TOKENS,
    ...(stream
      ? {
          onTextChunk: (chunk: string) => {
            soFar += chunk;
            const text = soFar;
            // Chained, so chunks publish in order without holding up decoding; a lost live update costs the
            // viewer only the live text (the final draft is stored and published whole), so it never fails the draft.
            published = published.then(() => stream.onText(text)).catch(() => undefined);
          },
        }
      : {}),
  });
  await published;
  await recordLocalUsage(
    db,
    runtime,
    {
      ...ref,
      feature: 'DRAFT',
      tokensIn: run.promptTokens,
      tokensOut: run.outputTokens,
      durationMs: run.durationMs,
      waitMs: run.waitMs,
      cloudRequest: { prompt: [system, user], answer: run.text },
    },
    job,
  );
  return {
    body: `${run.text.trim() || 'Thank you for contacting us. An agent will follow up shortly.'}${sourcesFooter(citations)}`,
    citations: citations as Prisma.InputJsonValue,
    modelId: runtime.modelId,
    promptVersion: LOCAL_DRAFT_PROMPT_VERSION,
    tokensIn: run.promptTokens,
    tokensOut: run.outputTokens,
    durationMs: run.durationMs,
  };
}

/** The draft job: escalation decides local vs cloud and stores the AiDraft; the local path is ours. */
export async function draftTicket(
  db: Db,
  runtime: ModelRuntime,
  redis: Redis | null,
  ref: ContentRef,
  job: { id: string; attemptsMade?: number; progress?: (data: { draftId: string }) => Promise<void> },
  cloud?: CloudOptions,
): Promise<DraftRouteResult & { autoSendRefused: string | null }> {
  const citations = await latestCitations(db, ref);
  const result = await routeDraft({
    db,
    redis,
    ...ref,
    jobId: job.id,
    attempt: (job.attemptsMade ?? 0) + 1,
    knowledge: citations.map((c) => ({ title: c.title, text: c.excerpt })),
    citations: citations as Prisma.InputJsonValue,
    localDraft: (stream) => localDraft(db, runtime, ref, citations, job, stream),
    // A progress event on the job tells the ticket page a draft row exists and its text is streaming.
    ...(job.progress ? { onDraftStarted: (draftId: string) => job.progress!({ draftId }) } : {}),
    cloud,
  });
  // Auto-send is the admin's explicit opt-in per category with a confidence floor; a retried job finds the
  // draft already APPROVED and sends nothing twice.
  if (!result.autoSend || result.draft.status !== 'READY') return { ...result, autoSendRefused: null };
  const refused = autoSendRefusal({
    draft: result.draft,
    decision: result.decision,
    localModel: { id: runtime.modelId, demo: runtime.demo },
  });
  if (refused) return { ...result, autoSend: false, autoSendRefused: refused };
  const actor: Actor = { type: 'SYSTEM', id: null, tenantId: ref.tenantId, name: 'Auto-send' };
  const { draft } = await approveDraft(db, actor, { draftId: result.draft.id, body: result.draft.body });
  return { ...result, draft, autoSendRefused: null };
}

import type { Db, Prisma, RetrievalResult } from '@helpdesk/db';
import { rankKnowledge, type KnowledgeIndex } from '@helpdesk/knowledge';
import type { ModelRuntime } from '@helpdesk/llm';
import { loadTicketForAi } from './ticket-text';
import { recordLocalUsage, type JobRef } from './usage';
import { contentWhere, contentKey, type ContentRef } from './content-ref';

/** The retrieval job: one RetrievalResult per ticket content version. */
export async function retrieveForTicket(
  db: Db,
  runtime: ModelRuntime,
  index: KnowledgeIndex,
  ref: ContentRef,
  job?: JobRef,
): Promise<RetrievalResult> {
  const existing = await db.retrievalResult.findFirst({
    where: contentWhere(ref),
  });
  if (existing) return existing;
  const started = performance.now();
  const ticket = await loadTicketForAi(db, ref.tenantId, ref.ticketId, 2_000);
  const text = `${ticket.subject}\n${ticket.text}`;
  const citations = await rankKnowledge(db, index, ref.tenantId, text);
  const durationMs = Math.round(performance.now() - started);
  const stored = await db.retrievalResult.upsert({
    where: contentKey(ref),
    create: {
      ...ref,
      citations: citations as Prisma.InputJsonValue,
      // Fusion orders by rank agreement; the ticket's relevance is its best absolute score.
      topScore: Math.max(0, ...citations.map((c) => c.score)),
      modelId: index.modelId,
      durationMs,
    },
    update: {},
  });
  await recordLocalUsage(
    db,
    runtime,
    { ...ref, feature: 'RETRIEVAL', tokensIn: runtime.model.tokenize(text).length, tokensOut: 0, durationMs, role: 'embedding' },
    job,
  );
  return stored;
}

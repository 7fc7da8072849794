import type { Db, ThreadSummary } from '@helpdesk/db';
import { complete, type ModelRuntime } from '@helpdesk/llm';
import { CUSTOMER_DATA_RULE, dataBlock, prepareCustomerText, type DataField } from './customer-text';
import { recordLocalUsage, type JobRef } from './usage';
import { contentWhere, contentKey, type ContentRef } from './content-ref';

/** Threads shorter than this are read faster than a summary. */
export const SUMMARY_MIN_MESSAGES = 4;

/** The summary job: one ThreadSummary per content version, for threads long enough to need one. */
export async function summarizeThread(db: Db, runtime: ModelRuntime, ref: ContentRef, job?: JobRef): Promise<ThreadSummary | null> {
  const existing = await db.threadSummary.findFirst({
    where: contentWhere(ref),
  });
  if (existing) return existing;
  const messages = await db.message.findMany({
    where: { tenantId: ref.tenantId, ticketId: ref.ticketId, kind: { in: ['CUSTOMER', 'REPLY'] } },
    orderBy: { createdAt: 'asc' },
    select: { kind: true, bodyText: true },
  });
  if (messages.length < SUMMARY_MIN_MESSAGES) return null;
  // Cut per message before the block is built, so the block always ends with its closing tag.
  let budget = 6_000;
  const fields: DataField[] = [];
  for (const m of messages) {
    if (budget <= 0) break;
    const text = prepareCustomerText(m.bodyText, Math.min(1_200, budget)).text;
    budget -= text.length;
    fields.push({ name: m.kind === 'CUSTOMER' ? 'customer_message' : 'agent_reply', text });
  }
  const thread = dataBlock(fields);
  const run = await complete(runtime, {
    system: `Summarise support threads for the next agent in three short sentences: the problem, what was tried, what is pending.\n${CUSTOMER_DATA_RULE}`,
    prefixKey: `${ref.tenantId}:summary-v1`,
    user: thread,
    maxTokens: 120,
  });
  await recordLocalUsage(
    db,
    runtime,
    { ...ref, feature: 'SUMMARY', tokensIn: run.promptTokens, tokensOut: run.outputTokens, durationMs: run.durationMs, waitMs: run.waitMs },
    job,
  );
  return db.threadSummary.upsert({
    where: contentKey(ref),
    create: {
      ...ref,
      summary: run.text.trim() || '(no summary)',
      modelId: runtime.modelId,
      tokensIn: run.promptTokens,
      tokensOut: run.outputTokens,
      durationMs: run.durationMs,
    },
    update: {},
  });
}

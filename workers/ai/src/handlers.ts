import type { Redis } from 'ioredis';
import { draftTicket, embedArticleJob, retrieveForTicket, summarizeThread, triageTicket } from '@helpdesk/ai';
import type { Db } from '@helpdesk/db';
import type { KnowledgeIndex } from '@helpdesk/knowledge';
import type { ModelRuntime } from '@helpdesk/llm';
import { enqueue, type Handlers } from '@helpdesk/jobs';
import { trainInThread } from './train-in-thread';

export const KB_CHANGED_CHANNEL = 'helpdesk:kb-changed';

export interface AiWorkerDeps {
  db: Db;
  runtime: ModelRuntime;
  redis: Redis;
  index: KnowledgeIndex;
}

type Ref = { tenantId: string; ticketId: string; contentVersion: number };

/**
 * Draft needs both triage and retrieval. Each finisher enqueues it once it sees the other's row; both
 * write before they look, so at least one sees both, and the deterministic job id keeps one draft job.
 */
async function enqueueDraftWhenReady(deps: AiWorkerDeps, ref: Ref): Promise<void> {
  const where = { tenantId: ref.tenantId, ticketId: ref.ticketId, contentVersion: ref.contentVersion };
  const [triage, retrieval] = await Promise.all([deps.db.triageResult.count({ where }), deps.db.retrievalResult.count({ where })]);
  if (triage && retrieval) await enqueue(deps.redis, 'draft', ref);
}

/** BullMQ processors: payloads are validated by createWorker, the work is in @helpdesk/ai. */
export function aiHandlers(deps: AiWorkerDeps): Handlers {
  return {
    triage: async (ref, job) => {
      const result = await triageTicket(deps.db, deps.runtime, ref, job);
      await enqueue(deps.redis, 'retrieval', ref);
      await enqueue(deps.redis, 'summary', ref);
      await enqueueDraftWhenReady(deps, ref);
      return { triageResultId: result.id, category: result.categoryKey, invalidOutputs: result.invalidOutputs };
    },
    retrieval: async (ref, job) => {
      const result = await retrieveForTicket(deps.db, deps.runtime, deps.index, ref, job);
      await enqueueDraftWhenReady(deps, ref);
      return { retrievalResultId: result.id, topScore: result.topScore };
    },
    draft: async (ref, job) => {
      const { draft, decision, autoSendRefused } = await draftTicket(deps.db, deps.runtime, deps.redis, ref, {
        id: job.id ?? `draft-${ref.ticketId}`,
        attemptsMade: job.attemptsMade,
        progress: (data) => job.updateProgress(data),
      });
      // Kept on the finished job: why an auto-send category's draft still waits for an agent.
      return { draftId: draft.id, source: draft.source, escalated: decision.escalate, autoSendRefused };
    },
    summary: async (ref, job) => {
      const summary = await summarizeThread(deps.db, deps.runtime, ref, job);
      return { summaryId: summary?.id ?? null };
    },
    kbEmbed: async (ref, job) => {
      const result = await embedArticleJob(
        deps.db,
        deps.runtime,
        deps.index,
        { tenantId: ref.tenantId, articleId: ref.articleId, version: ref.version },
        job,
      );
      deps.index.invalidate(ref.tenantId);
      await deps.redis.publish(KB_CHANGED_CHANNEL, ref.tenantId);
      return result;
    },
  };
}

/**
 * Training needs no language model, so it runs even when the model failed to load. The fit runs in a
 * worker thread: AI jobs of this process keep their event loop while it computes.
 */
export function classifierHandlers(databaseUrl: string): Handlers {
  return {
    classifierTrain: async (ref) => {
      const result = await trainInThread(databaseUrl, ref.tenantId);
      return { tenantId: ref.tenantId, status: result.status };
    },
  };
}

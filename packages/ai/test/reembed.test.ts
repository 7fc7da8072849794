import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@helpdesk/db';
import { closeQueues, createRedis, getQueue, jobs } from '@helpdesk/jobs';
import { createArticle, KnowledgeIndex, rankKnowledge } from '@helpdesk/knowledge';
import { ModelRuntime } from '@helpdesk/llm';
import { ensureTinyModel } from '@helpdesk/models/tiny-model';
import { makeMember, makeTenant } from '@helpdesk/testkit';
import { embedArticleJob } from '../src/embed-job';
import { embeddingProgress, queueReembedding } from '../src/reembed';
import { useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase({ pool: 4 });
const REDIS_URL = 'redis://127.0.0.1:6379/8';
let redis: Redis;
let before: ModelRuntime;
let after: ModelRuntime;
let tenantId: string;
let actor: Actor;

beforeAll(async () => {
  redis = createRedis(REDIS_URL);
  const tiny = await ensureTinyModel();
  // The same real GGUF under another file name is another embedding model id: what a switch of model looks like.
  const dir = await mkdtemp(join(tmpdir(), 'reembed-'));
  const renamed = join(dir, 'other-embedder.gguf');
  await copyFile(tiny, renamed);
  before = await ModelRuntime.load({ modelPath: tiny, threads: 1, sequences: 1, contextSize: 1024, gpu: false });
  after = await ModelRuntime.load({
    modelPath: tiny,
    embeddingModelPath: renamed,
    threads: 1,
    sequences: 1,
    contextSize: 1024,
    gpu: false,
  });
  tenantId = (await makeTenant(fx.db, 'Reembed Tenant')).id;
  actor = await makeMember(fx.db, tenantId, 'AGENT', 'Agent Re');
});
afterAll(async () => {
  await before?.dispose();
  await after?.dispose();
  await closeQueues();
  redis?.disconnect();
});

describe('a change of embedding model', () => {
  it('queues a re-embedding of every article, and retrieval answers from full text during it and with vectors after it', async () => {
    const oldIndex = new KnowledgeIndex(fx.db, before);
    const articles = [
      await createArticle(fx.db, actor, {
        title: 'Refund policy',
        bodyMarkdown: 'Refunds for a double charge go back to the card within five days.',
      }),
      await createArticle(fx.db, actor, { title: 'Password help', bodyMarkdown: 'Reset your password from the sign in page.' }),
    ];
    for (const a of articles) await embedArticleJob(fx.db, before, oldIndex, { tenantId, articleId: a.id, version: a.version });
    expect(await embeddingProgress(fx.db, tenantId, before.embeddingModelId)).toEqual({ total: 2, embedded: 2 });

    const newIndex = new KnowledgeIndex(fx.db, after);
    expect(newIndex.modelId).not.toBe(oldIndex.modelId);
    const queued = await queueReembedding(fx.db, redis, newIndex.modelId);
    expect(queued.articles).toBeGreaterThanOrEqual(2);
    const queue = getQueue(jobs.kbEmbed.queue, redis);
    const mine = (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.data.tenantId === tenantId);
    expect(mine.map((j) => j.id).sort()).toEqual(articles.map((a) => `kb-${a.id}-v${a.version}-other-embedder`).sort());
    expect(await embeddingProgress(fx.db, tenantId, newIndex.modelId)).toEqual({ total: 2, embedded: 0 });

    // During: no vector of the new model exists, the full-text hit still answers.
    const during = await rankKnowledge(fx.db, newIndex, tenantId, 'I want a refund for the double charge');
    expect(during[0]).toMatchObject({ title: 'Refund policy', cosine: null });
    expect(during[0]!.score).toBeGreaterThan(0);

    for (const job of mine) {
      await embedArticleJob(fx.db, after, newIndex, job.data as { tenantId: string; articleId: string; version: number }, { id: job.id });
      await job.remove();
    }
    newIndex.invalidate(tenantId);
    expect(await embeddingProgress(fx.db, tenantId, newIndex.modelId)).toEqual({ total: 2, embedded: 2 });
    const afterHits = await rankKnowledge(fx.db, newIndex, tenantId, 'I want a refund for the double charge');
    expect(afterHits[0]?.title).toBe('Refund policy');
    expect(afterHits[0]!.cosine).not.toBeNull();

    // Nothing left to do for this tenant: a second start queues nothing of it.
    await queueReembedding(fx.db, redis, newIndex.modelId);
    expect((await queue.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.data.tenantId === tenantId)).toEqual([]);
  });
});

import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Actor, type Db } from '@helpdesk/db';
import { closeQueues, createRedis, getQueue, jobs } from '@helpdesk/jobs';
import { createArticle, KnowledgeIndex, rankKnowledge } from '@helpdesk/knowledge';
import { ModelRuntime } from '@helpdesk/llm';
import { ensureTinyModel } from '@helpdesk/models/tiny-model';
import { createTestDatabase, makeTenant } from '@helpdesk/testkit';
import { embedArticleJob } from '../src/embed-job';
import { embeddingProgress, queueReembedding } from '../src/reembed';

const REDIS_URL = 'redis://127.0.0.1:6379/8';
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let redis: Redis;
let before: ModelRuntime;
let after: ModelRuntime;
let tenantId: string;
let actor: Actor;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, 4);
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
  tenantId = (await makeTenant(db, 'Reembed Tenant')).id;
  const user = await db.user.create({ data: { email: `agent-${Date.now()}@reembed.test`, name: 'Agent Re' } });
  await db.membership.create({ data: { tenantId, userId: user.id, role: 'AGENT' } });
  actor = { type: 'USER', id: user.id, tenantId, role: 'AGENT' };
});
afterAll(async () => {
  await before?.dispose();
  await after?.dispose();
  await closeQueues();
  redis?.disconnect();
  await db?.$disconnect();
  await database?.drop();
});

describe('a change of embedding model', () => {
  it('queues a re-embedding of every article, and retrieval answers from full text during it and with vectors after it', async () => {
    const oldIndex = new KnowledgeIndex(db, before);
    const articles = [
      await createArticle(db, actor, {
        title: 'Refund policy',
        bodyMarkdown: 'Refunds for a double charge go back to the card within five days.',
      }),
      await createArticle(db, actor, { title: 'Password help', bodyMarkdown: 'Reset your password from the sign in page.' }),
    ];
    for (const a of articles) await embedArticleJob(db, before, oldIndex, { tenantId, articleId: a.id, version: a.version });
    expect(await embeddingProgress(db, tenantId, before.embeddingModelId)).toEqual({ total: 2, embedded: 2 });

    const newIndex = new KnowledgeIndex(db, after);
    expect(newIndex.modelId).not.toBe(oldIndex.modelId);
    const queued = await queueReembedding(db, redis, newIndex.modelId);
    expect(queued.articles).toBeGreaterThanOrEqual(2);
    const queue = getQueue(jobs.kbEmbed.queue, redis);
    const mine = (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.data.tenantId === tenantId);
    expect(mine.map((j) => j.id).sort()).toEqual(articles.map((a) => `kb-${a.id}-v${a.version}-other-embedder`).sort());
    expect(await embeddingProgress(db, tenantId, newIndex.modelId)).toEqual({ total: 2, embedded: 0 });

    // During: no vector of the new model exists, the full-text hit still answers.
    const during = await rankKnowledge(db, newIndex, tenantId, 'I want a refund for the double charge');
    expect(during[0]).toMatchObject({ title: 'Refund policy', cosine: null });
    expect(during[0]!.score).toBeGreaterThan(0);

    for (const job of mine) {
      await embedArticleJob(db, after, newIndex, job.data as { tenantId: string; articleId: string; version: number }, { id: job.id });
      await job.remove();
    }
    newIndex.invalidate(tenantId);
    expect(await embeddingProgress(db, tenantId, newIndex.modelId)).toEqual({ total: 2, embedded: 2 });
    const afterHits = await rankKnowledge(db, newIndex, tenantId, 'I want a refund for the double charge');
    expect(afterHits[0]?.title).toBe('Refund policy');
    expect(afterHits[0]!.cosine).not.toBeNull();

    // Nothing left to do for this tenant: a second start queues nothing of it.
    await queueReembedding(db, redis, newIndex.modelId);
    expect((await queue.getJobs(['waiting', 'delayed', 'prioritized'])).filter((j) => j.data.tenantId === tenantId)).toEqual([]);
  });
});

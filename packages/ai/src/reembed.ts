import type { Redis } from 'ioredis';
import type { Db } from '@helpdesk/db';
import { enqueue, getQueue, jobs } from '@helpdesk/jobs';

/**
 * After the embedding model changes, every tenant's published articles whose current chunks lack a vector of
 * the new model get a kbEmbed job carrying the model id. A finished job with the same id (the same model
 * used before, within the 7 days completed jobs are kept) is removed first, so switching back re-embeds too.
 * Retrieval keeps answering from full text while these run.
 */
export async function queueReembedding(db: Db, redis: Redis, embeddingModel: string): Promise<{ tenants: number; articles: number }> {
  const queue = getQueue(jobs.kbEmbed.queue, redis);
  const tenants = await db.tenant.findMany({ select: { id: true } });
  let articles = 0;
  let touched = 0;
  for (const { id: tenantId } of tenants) {
    const stale = await db.knowledgeArticle.findMany({
      where: {
        tenantId,
        published: true,
        chunks: { some: { tenantId, OR: [{ embedding: null }, { embeddingModel: null }, { embeddingModel: { not: embeddingModel } }] } },
      },
      select: { id: true, version: true },
    });
    if (stale.length) touched++;
    for (const article of stale) {
      const payload = { tenantId, articleId: article.id, version: article.version, embeddingModel };
      const existing = await queue.getJob(jobs.kbEmbed.jobId(payload));
      if (existing && ((await existing.isCompleted()) || (await existing.isFailed()))) await existing.remove();
      await enqueue(redis, 'kbEmbed', payload);
      articles++;
    }
  }
  return { tenants: touched, articles };
}

export interface EmbeddingProgress {
  /** Chunks of the tenant's published articles, current versions. */
  total: number;
  /** Of those, with a vector of the given model. */
  embedded: number;
}

/** How far the tenant's knowledge base is embedded with a model: the AI overview shows it during a re-embedding. */
export async function embeddingProgress(db: Db, tenantId: string, embeddingModel: string): Promise<EmbeddingProgress> {
  const where = { tenantId, article: { tenantId, published: true } };
  const [total, embedded] = await Promise.all([
    db.knowledgeChunk.count({ where }),
    db.knowledgeChunk.count({ where: { ...where, embeddingModel, embedding: { not: null } } }),
  ]);
  return { total, embedded };
}

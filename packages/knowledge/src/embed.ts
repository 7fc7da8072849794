import type { Db } from '@helpdesk/db';
import type { ModelRuntime } from '../runtime';
import { recordLocalUsage, type JobRef } from '../usage';
import { writeChunks } from './articles';
import { normalize, vectorToBytes } from './vectors';

/**
 * Articles written outside createArticle (imports, the seed) arrive without chunks: they are chunked
 * here. A job for a version that is no longer current does nothing.
 */
async function ensureChunks(db: Db, ref: { tenantId: string; articleId: string; version: number }): Promise<boolean> {
  const article = await db.knowledgeArticle.findFirst({ where: { id: ref.articleId, tenantId: ref.tenantId } });
  if (!article || article.version !== ref.version) return false;
  const count = await db.knowledgeChunk.count({ where: { tenantId: ref.tenantId, articleId: article.id, articleVersion: article.version } });
  if (count === 0 && article.published) await db.$transaction((tx) => writeChunks(tx, article));
  return true;
}

/**
 * The kbEmbed job: fills embeddings for the article's current chunks. An older version's job finds
 * no chunks of its version and does nothing, so out-of-order jobs cannot overwrite newer text.
 */
export async function embedArticle(
  db: Db,
  runtime: ModelRuntime,
  ref: { tenantId: string; articleId: string; version: number },
  job?: JobRef,
): Promise<{ embedded: number }> {
  if (!(await ensureChunks(db, ref))) return { embedded: 0 };
  const chunks = await db.knowledgeChunk.findMany({
    where: {
      tenantId: ref.tenantId,
      articleId: ref.articleId,
      articleVersion: ref.version,
      OR: [{ embedding: null }, { embeddingModel: { not: runtime.embeddingModelId } }],
    },
    select: { id: true, text: true },
    orderBy: { ordinal: 'asc' },
  });
  const started = performance.now();
  let tokens = 0;
  for (const chunk of chunks) {
    const vector = normalize(await runtime.embed(chunk.text));
    tokens += runtime.model.tokenize(chunk.text).length;
    await db.knowledgeChunk.update({
      where: { id: chunk.id, tenantId: ref.tenantId },
      data: { embedding: vectorToBytes(vector), embeddingModel: runtime.embeddingModelId },
    });
  }
  if (chunks.length) {
    await recordLocalUsage(
      db,
      runtime,
      { tenantId: ref.tenantId, feature: 'EMBEDDING', tokensIn: tokens, tokensOut: 0, durationMs: Math.round(performance.now() - started), role: 'embedding' },
      job ?? { id: `kb-${ref.articleId}-v${ref.version}` },
    );
  }
  return { embedded: chunks.length };
}

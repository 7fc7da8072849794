import type { Db } from '@helpdesk/db';
import { writeChunks } from './articles';
import { embedDocument, type Embedder } from './embedder';
import { normalize, vectorToBytes } from './vectors';

/**
 * Articles written outside createArticle (imports, the seed) arrive without chunks: they are chunked
 * here. A job for a version that is no longer current does nothing.
 */
async function ensureChunks(db: Db, ref: { tenantId: string; articleId: string; version: number }): Promise<boolean> {
  const article = await db.knowledgeArticle.findFirst({ where: { id: ref.articleId, tenantId: ref.tenantId } });
  if (!article || article.version !== ref.version) return false;
  const count = await db.knowledgeChunk.count({
    where: { tenantId: ref.tenantId, articleId: article.id, articleVersion: article.version },
  });
  if (count === 0 && article.published) await db.$transaction((tx) => writeChunks(tx, article));
  return true;
}

/**
 * Fills embeddings for the article's current chunks. An older version's job finds
 * no chunks of its version and does nothing, so out-of-order jobs cannot overwrite newer text. The embedded
 * texts come back so that the caller can record the model's usage.
 */
export async function embedArticle(
  db: Db,
  embedder: Embedder,
  ref: { tenantId: string; articleId: string; version: number },
): Promise<{ embedded: number; texts: string[]; durationMs: number }> {
  if (!(await ensureChunks(db, ref))) return { embedded: 0, texts: [], durationMs: 0 };
  const chunks = await db.knowledgeChunk.findMany({
    where: {
      tenantId: ref.tenantId,
      articleId: ref.articleId,
      articleVersion: ref.version,
      OR: [{ embedding: null }, { embeddingModel: { not: embedder.embeddingModelId } }],
    },
    select: { id: true, text: true },
    orderBy: { ordinal: 'asc' },
  });
  const started = performance.now();
  for (const chunk of chunks) {
    const vector = normalize(await embedDocument(embedder, chunk.text));
    await db.knowledgeChunk.update({
      where: { id: chunk.id, tenantId: ref.tenantId },
      data: { embedding: vectorToBytes(vector), embeddingModel: embedder.embeddingModelId },
    });
  }
  return { embedded: chunks.length, texts: chunks.map((c) => c.text), durationMs: Math.round(performance.now() - started) };
}

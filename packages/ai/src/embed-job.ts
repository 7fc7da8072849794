import type { Db } from '@helpdesk/db';
import { embedArticle, type KnowledgeIndex } from '@helpdesk/knowledge';
import type { ModelRuntime } from '@helpdesk/llm';
import { recordLocalUsage, type JobRef } from './usage';

/** The kbEmbed job: embeds the article's current chunks with the index's model and records the model's usage. */
export async function embedArticleJob(
  db: Db,
  runtime: ModelRuntime,
  index: KnowledgeIndex,
  ref: { tenantId: string; articleId: string; version: number },
  job?: JobRef,
): Promise<{ embedded: number }> {
  const { embedded, texts, durationMs } = await embedArticle(db, index.embedder, ref);
  if (embedded) {
    const tokensIn = texts.reduce((sum, text) => sum + runtime.model.tokenize(text).length, 0);
    await recordLocalUsage(
      db,
      runtime,
      { tenantId: ref.tenantId, feature: 'EMBEDDING', tokensIn, tokensOut: 0, durationMs, role: 'embedding' },
      job ?? { id: `kb-${ref.articleId}-v${ref.version}` },
    );
  }
  return { embedded };
}

import type { Db } from '@helpdesk/db';
import { bytesToVector } from './vectors';

export interface IndexedChunk {
  chunkId: string;
  articleId: string;
  title: string;
  slug: string;
  text: string;
  vector: Float32Array;
}

/**
 * Per-tenant in-memory vectors of the published KB, loaded on first use and dropped when an article
 * changes (the kbEmbed job invalidates), so retrieval scores without reading every blob per ticket.
 */
export class KnowledgeIndex {
  private tenants = new Map<string, Promise<IndexedChunk[]>>();

  constructor(private readonly db: Db, private readonly embeddingModel: string) {}

  chunks(tenantId: string): Promise<IndexedChunk[]> {
    let entry = this.tenants.get(tenantId);
    if (!entry) {
      entry = this.load(tenantId);
      entry.catch(() => this.tenants.delete(tenantId));
      this.tenants.set(tenantId, entry);
    }
    return entry;
  }

  invalidate(tenantId: string): void {
    this.tenants.delete(tenantId);
  }

  private async load(tenantId: string): Promise<IndexedChunk[]> {
    const rows = await this.db.knowledgeChunk.findMany({
      where: { tenantId, embeddingModel: this.embeddingModel, embedding: { not: null }, article: { published: true } },
      select: { id: true, articleId: true, text: true, embedding: true, article: { select: { title: true, slug: true } } },
    });
    return rows.map((r) => ({
      chunkId: r.id,
      articleId: r.articleId,
      title: r.article.title,
      slug: r.article.slug,
      text: r.text,
      vector: bytesToVector(r.embedding!),
    }));
  }
}

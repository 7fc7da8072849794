import { LRUCache } from 'lru-cache';
import type { Db } from '@helpdesk/db';
import type { Embedder } from './embedder';
import { bytesToVector } from './vectors';

export interface IndexedChunk {
  chunkId: string;
  articleId: string;
  title: string;
  slug: string;
  text: string;
}

/** One tenant's embedded chunks: the vectors in one row-major matrix, so a scan touches contiguous memory. */
export interface TenantIndex {
  chunks: IndexedChunk[];
  dimensions: number;
  matrix: Float32Array;
}

export interface VectorHit {
  chunk: IndexedChunk;
  cosine: number;
}

/** Default cap of the cache: 100,000 chunks of 768 dimensions with their texts fit about twice. */
export const DEFAULT_INDEX_BYTES = 512 * 1024 * 1024;

/** Builds an index from vectors already in memory (the benchmark's synthetic tenants, tests). */
export function buildTenantIndex(rows: { chunk: IndexedChunk; vector: Float32Array }[]): TenantIndex {
  const dimensions = rows[0]?.vector.length ?? 0;
  const usable = rows.filter((r) => r.vector.length === dimensions);
  const matrix = new Float32Array(usable.length * dimensions);
  usable.forEach((r, i) => matrix.set(r.vector, i * dimensions));
  return { chunks: usable.map((r) => r.chunk), dimensions, matrix };
}

/** JS strings are UTF-16: two bytes a character, plus a rough per-object overhead. */
function indexBytes(index: TenantIndex): number {
  let bytes = index.matrix.byteLength;
  for (const c of index.chunks) bytes += 2 * (c.text.length + c.title.length + c.slug.length + c.chunkId.length + c.articleId.length) + 64;
  return Math.max(1, bytes);
}

/**
 * The n chunks closest to a normalised query: a dot product per row of the matrix and a bounded insertion
 * list, so the cost is one pass over the vectors whatever n is (n is small).
 */
export function searchIndex(index: TenantIndex, query: Float32Array, n: number): VectorHit[] {
  const { matrix, dimensions, chunks } = index;
  if (query.length !== dimensions || n <= 0) return [];
  const topScores: number[] = [];
  const topRows: number[] = [];
  for (let row = 0, offset = 0; row < chunks.length; row++, offset += dimensions) {
    let dot = 0;
    for (let d = 0; d < dimensions; d++) dot += matrix[offset + d]! * query[d]!;
    if (topScores.length === n && dot <= topScores[n - 1]!) continue;
    let at = topScores.length;
    while (at > 0 && topScores[at - 1]! < dot) at--;
    topScores.splice(at, 0, dot);
    topRows.splice(at, 0, row);
    if (topScores.length > n) {
      topScores.pop();
      topRows.pop();
    }
  }
  return topRows.map((row, i) => ({ chunk: chunks[row]!, cosine: topScores[i]! }));
}

/**
 * Per-tenant in-memory vectors of the published KB, loaded on first use and dropped when an article changes
 * (the kbEmbed job invalidates). Bounded by bytes: the least recently used tenants are evicted, so a worker
 * serving many tenants keeps a fixed memory ceiling and reloads a cold tenant from Postgres.
 */
export class KnowledgeIndex {
  private readonly tenants: LRUCache<string, TenantIndex>;

  /** The model whose vectors this index holds; queries must be embedded by the same one. */
  constructor(
    private readonly db: Db,
    readonly embedder: Embedder,
    options: { maxBytes?: number } = {},
  ) {
    this.tenants = new LRUCache<string, TenantIndex>({
      maxSize: options.maxBytes ?? DEFAULT_INDEX_BYTES,
      sizeCalculation: indexBytes,
      fetchMethod: (tenantId) => this.load(tenantId),
      // An article change invalidates a tenant while a load may be in flight (a burst of embeddings does so many
      // times a second). The searches already waiting get that load's index instead of an abort error; the cache
      // does not keep it, so the next search loads the changed articles.
      ignoreFetchAbort: true,
    });
  }

  get modelId(): string {
    return this.embedder.embeddingModelId;
  }

  /** Bytes held now, for the operator's view. */
  get bytes(): number {
    return this.tenants.calculatedSize;
  }

  async tenant(tenantId: string): Promise<TenantIndex> {
    const index = await this.tenants.fetch(tenantId);
    if (!index) throw new Error(`knowledge index for tenant ${tenantId} could not be loaded`);
    return index;
  }

  async search(tenantId: string, query: Float32Array, n: number): Promise<VectorHit[]> {
    return searchIndex(await this.tenant(tenantId), query, n);
  }

  invalidate(tenantId: string): void {
    this.tenants.delete(tenantId);
  }

  private async load(tenantId: string): Promise<TenantIndex> {
    const rows = await this.db.knowledgeChunk.findMany({
      where: { tenantId, embeddingModel: this.modelId, embedding: { not: null }, article: { tenantId, published: true } },
      select: { id: true, articleId: true, text: true, embedding: true, article: { select: { title: true, slug: true } } },
    });
    return buildTenantIndex(
      rows.map((r) => ({
        chunk: { chunkId: r.id, articleId: r.articleId, title: r.article.title, slug: r.article.slug, text: r.text },
        vector: bytesToVector(r.embedding!),
      })),
    );
  }
}

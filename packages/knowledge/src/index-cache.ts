import { LRUCache } from 'lru-cache';
import type { Db } from '@helpdesk/db';
import type { Embedder } from './embedder';
import { buildQuantized, searchQuantized, type QuantizedRows } from './quantized';
import { TopK } from './top-k';
import { bytesToVector, normalizeInto } from './vectors';

export interface IndexedChunk {
  chunkId: string;
  articleId: string;
  title: string;
  slug: string;
  text: string;
}

/** One tenant's embedded chunks: the normalised vectors in one row-major matrix, so a scan touches contiguous memory. */
export interface TenantIndex {
  chunks: IndexedChunk[];
  dimensions: number;
  matrix: Float32Array;
  /** The int8 copy that large indexes are scanned with (see quantized.ts); null below QUANTIZE_FROM_VALUES. */
  quantized: QuantizedRows | null;
}

export interface VectorHit {
  chunk: IndexedChunk;
  cosine: number;
}

/** Default cap of the cache: 100,000 chunks of 768 dimensions with their texts fit about twice. */
export const DEFAULT_INDEX_BYTES = 512 * 1024 * 1024;

/**
 * From this many stored numbers (chunks × dimensions) an index also keeps the int8 copy. `npm run bench:retrieval`
 * measured the plain scan at 3.7 ms of CPU a query for 1,000 chunks of 768 dimensions and the int8 path at 1.3 ms;
 * below this size the plain scan stays under about 2 ms, and a small tenant keeps no WebAssembly memory.
 */
export const QUANTIZE_FROM_VALUES = 500_000;

/**
 * Builds an index from vectors in memory (the load from Postgres, the benchmark's synthetic tenants, tests). Each
 * vector is normalised once here, so a search is one dot product a row. Vectors of another length than the first
 * are left out. `quantizeFrom` overrides QUANTIZE_FROM_VALUES (tests and the benchmark force either path).
 */
export function buildTenantIndex(
  rows: { chunk: IndexedChunk; vector: Float32Array }[],
  options: { quantizeFrom?: number } = {},
): TenantIndex {
  const dimensions = rows[0]?.vector.length ?? 0;
  const usable = rows.filter((r) => r.vector.length === dimensions);
  const matrix = new Float32Array(usable.length * dimensions);
  usable.forEach((r, i) => normalizeInto(r.vector, matrix, i * dimensions));
  const quantizeFrom = options.quantizeFrom ?? QUANTIZE_FROM_VALUES;
  const quantized = usable.length && usable.length * dimensions >= quantizeFrom ? buildQuantized(matrix, usable.length, dimensions) : null;
  return { chunks: usable.map((r) => r.chunk), dimensions, matrix, quantized };
}

/** What the cache counts for an index: its vectors, their int8 copy, and the texts (JS strings are UTF-16: two
 * bytes a character, plus a rough per-object overhead). */
export function indexBytes(index: TenantIndex): number {
  let bytes = index.matrix.byteLength + (index.quantized?.bytes ?? 0);
  for (const c of index.chunks) bytes += 2 * (c.text.length + c.title.length + c.slug.length + c.chunkId.length + c.articleId.length) + 64;
  return Math.max(1, bytes);
}

/**
 * The n rows closest to a query by plain scan: one Float64 dot product per row over the contiguous matrix, and a
 * heap of the n best, so the cost is one pass over the vectors whatever n is.
 */
export function exactTopRows(index: Pick<TenantIndex, 'matrix' | 'dimensions' | 'chunks'>, query: Float32Array, n: number) {
  const { matrix, dimensions } = index;
  const count = index.chunks.length;
  const top = new TopK(n);
  for (let row = 0, offset = 0; row < count; row++, offset += dimensions) {
    let dot = 0;
    for (let d = 0; d < dimensions; d++) dot += matrix[offset + d]! * query[d]!;
    if (dot > top.threshold || !top.full) top.offer(dot, row);
  }
  return top.sorted();
}

/**
 * The n chunks closest to a normalised query, best first (equal cosines in load order). Large indexes go through
 * their int8 copy, small ones through the plain scan: the hits and cosines are the same either way.
 */
export function searchIndex(index: TenantIndex, query: Float32Array, n: number): VectorHit[] {
  if (query.length !== index.dimensions || n <= 0 || !index.chunks.length) return [];
  const top = index.quantized ? searchQuantized(index.quantized, index.matrix, query, n).hits : exactTopRows(index, query, n);
  return top.map(({ row, score }) => ({ chunk: index.chunks[row]!, cosine: score }));
}

/**
 * Per-tenant in-memory vectors of the published KB, loaded on first use and dropped when an article changes
 * (the kbEmbed job invalidates). Bounded by bytes: the least recently used tenants are evicted, so a worker
 * serving many tenants keeps a fixed memory ceiling and reloads a cold tenant from Postgres.
 */
export class KnowledgeIndex {
  private readonly tenants: LRUCache<string, TenantIndex>;
  private readonly quantizeFrom: number | undefined;

  /**
   * The model whose vectors this index holds; queries must be embedded by the same one. The int8 copy of a large
   * tenant is built with its load and counted in the same byte cap (`quantizeFrom`: see buildTenantIndex).
   */
  constructor(
    private readonly db: Db,
    readonly embedder: Embedder,
    options: { maxBytes?: number; quantizeFrom?: number } = {},
  ) {
    this.quantizeFrom = options.quantizeFrom;
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
      { quantizeFrom: this.quantizeFrom },
    );
  }
}

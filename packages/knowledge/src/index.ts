export {
  articleInput,
  createArticle,
  updateArticle,
  deleteArticle,
  listArticles,
  getArticle,
  slugify,
  writeChunks,
  type ArticleInput,
} from './articles';
export { chunkMarkdown, CHUNK_CHARS } from './chunking';
export { embedArticle } from './embed';
export { embedDocument, embedQuery, withTaskPrefixes, type Embedder, type TaskPrefixes } from './embedder';
export {
  KnowledgeIndex,
  buildTenantIndex,
  searchIndex,
  exactTopRows,
  indexBytes,
  DEFAULT_INDEX_BYTES,
  QUANTIZE_FROM_VALUES,
  type IndexedChunk,
  type TenantIndex,
  type VectorHit,
} from './index-cache';
export { rankKnowledge, queryTerms, relevance, unrelatedCosine, citationSchema, TOP_K, type Citation } from './retrieval';
export { vectorToBytes, bytesToVector, cosine, normalize, normalizeInto } from './vectors';
export { buildQuantized, searchQuantized, type QuantizedRows } from './quantized';
export { simdAvailable } from './simd';
export { syntheticVectors, type SyntheticKind, type SyntheticSet } from './synthetic';

export { articleInput, createArticle, updateArticle, deleteArticle, listArticles, getArticle, slugify, writeChunks, type ArticleInput } from './articles';
export { chunkMarkdown, CHUNK_CHARS } from './chunking';
export { embedArticle } from './embed';
export type { Embedder } from './embedder';
export { KnowledgeIndex, type IndexedChunk } from './index-cache';
export { rankKnowledge, queryTerms, TOP_K, type Citation } from './retrieval';
export { vectorToBytes, bytesToVector, cosine, normalize } from './vectors';

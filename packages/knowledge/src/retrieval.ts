import type { Db } from '@helpdesk/db';
import type { Embedder } from './embedder';
import type { KnowledgeIndex } from './index-cache';
import { cosine, normalize } from './vectors';

export const TOP_K = 3;
/** Equal weight: embeddings catch paraphrase, full-text catches exact product terms and error codes. */
const VECTOR_WEIGHT = 0.5;
const MAX_QUERY_TERMS = 40;

export type Citation = {
  articleId: string;
  chunkId: string;
  title: string;
  slug: string;
  score: number;
  cosine: number;
  textRank: number;
  excerpt: string;
};

/** Only [a-z0-9] terms reach to_tsquery, OR-ed: a ticket never matches every word of an article. */
export function queryTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[a-z0-9]{3,30}/g) ?? [];
  return [...new Set(words)].slice(0, MAX_QUERY_TERMS);
}

async function textRanks(db: Db, tenantId: string, terms: string[]): Promise<Map<string, number>> {
  if (!terms.length) return new Map();
  const rows = await db.$queryRaw<{ id: string; rank: number }[]>`
    SELECT c.id, ts_rank(c."searchVector", q)::float8 AS rank
      FROM "KnowledgeChunk" c
      JOIN "KnowledgeArticle" a ON a.id = c."articleId" AND a."tenantId" = ${tenantId} AND a.published
     CROSS JOIN to_tsquery('english', ${terms.join(' | ')}) q
     WHERE c."tenantId" = ${tenantId} AND c."searchVector" @@ q
     ORDER BY rank DESC LIMIT 50`;
  return new Map(rows.map((r) => [r.id, Number(r.rank)]));
}

/** Ranks the tenant's KB chunks for a text: cosine over the in-memory index combined with Postgres full-text rank. */
export async function rankKnowledge(db: Db, embedder: Embedder, index: KnowledgeIndex, tenantId: string, text: string, k = TOP_K): Promise<Citation[]> {
  const [chunks, ranks, query] = await Promise.all([
    index.chunks(tenantId),
    textRanks(db, tenantId, queryTerms(text)),
    embedder.embed(text).then(normalize),
  ]);
  const maxRank = Math.max(0, ...ranks.values());
  const scored = chunks.map((c) => {
    const cos = Math.max(0, cosine(query, c.vector));
    const textRank = maxRank > 0 ? (ranks.get(c.chunkId) ?? 0) / maxRank : 0;
    return { c, cos, textRank, score: VECTOR_WEIGHT * cos + (1 - VECTOR_WEIGHT) * textRank };
  });
  scored.sort((a, b) => b.score - a.score);
  const seen = new Set<string>();
  const out: Citation[] = [];
  for (const s of scored) {
    if (seen.has(s.c.articleId) || s.score <= 0) continue;
    seen.add(s.c.articleId);
    out.push({
      articleId: s.c.articleId,
      chunkId: s.c.chunkId,
      title: s.c.title,
      slug: s.c.slug,
      score: round(s.score),
      cosine: round(s.cos),
      textRank: round(s.textRank),
      excerpt: s.c.text.slice(0, 400),
    });
    if (out.length === k) break;
  }
  return out;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

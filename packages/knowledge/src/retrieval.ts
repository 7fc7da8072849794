import { z } from 'zod';
import type { Db } from '@helpdesk/db';
import { embedDocument, embedQuery, type Embedder } from './embedder';
import type { IndexedChunk, KnowledgeIndex } from './index-cache';
import { cosine, normalize } from './vectors';

export const TOP_K = 3;
const MAX_QUERY_TERMS = 40;
/** How many hits each ranking contributes to the fusion. */
const CANDIDATES = 50;
/** The usual reciprocal rank fusion constant (Cormack et al. 2009): damps the weight of the very first ranks. */
const RRF_K = 60;

/** A stored citation: RetrievalResult.citations and AiDraft.citations are arrays of these. */
export const citationSchema = z.object({
  articleId: z.string(),
  chunkId: z.string(),
  title: z.string(),
  slug: z.string(),
  /** Absolute relevance in 0..1 (see relevance()): comparable across tickets, so a low one means "nothing relevant". */
  score: z.number(),
  /** Raw cosine of the query and the chunk; null when the chunk has no embedding of the current model yet. */
  cosine: z.number().nullable(),
  /** Postgres ts_rank scaled to 0..1 by rank / (rank + 1); 0 when no query term occurs. */
  textRank: z.number(),
  excerpt: z.string(),
});
export type Citation = z.infer<typeof citationSchema>;

/** Only [a-z0-9] terms reach to_tsquery, OR-ed: a ticket never matches every word of an article. */
export function queryTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[a-z0-9]{3,30}/g) ?? [];
  return [...new Set(words)].slice(0, MAX_QUERY_TERMS);
}

type TextHit = IndexedChunk & { textRank: number };

/**
 * Full-text hits straight from Postgres, with their text: a chunk is found whether or not it has an embedding
 * of the current model (new articles, or every article while a new embedding model re-embeds them).
 * Normalisation 32 turns ts_rank into rank / (rank + 1), a 0..1 value that does not depend on the other hits.
 */
async function textHits(db: Db, tenantId: string, terms: string[]): Promise<TextHit[]> {
  if (!terms.length) return [];
  const rows = await db.$queryRaw<{ chunkId: string; articleId: string; title: string; slug: string; text: string; rank: number }[]>`
    SELECT c.id AS "chunkId", c."articleId", a.title, a.slug, c.text, ts_rank(c."searchVector", q, 32)::float8 AS rank
      FROM "KnowledgeChunk" c
      JOIN "KnowledgeArticle" a ON a.id = c."articleId" AND a."tenantId" = ${tenantId} AND a.published
     CROSS JOIN to_tsquery('english', ${terms.join(' | ')}) q
     WHERE c."tenantId" = ${tenantId} AND c."searchVector" @@ q
     ORDER BY rank DESC LIMIT ${CANDIDATES}`;
  return rows.map((r) => ({ ...r, textRank: Number(r.rank) }));
}

/**
 * Unrelated questions and passages: the cosine a model gives to text that has nothing to do with the query.
 * Embedding models are anisotropic (unrelated texts often score 0.3 to 0.5, a random-weight model even more),
 * so a raw cosine says little on its own; the part above this floor is evidence.
 */
const PROBE_QUERIES = [
  'How do I reset my password?',
  'When will my parcel arrive?',
  'The invoice shows the wrong VAT number',
  'Can I change the colour of the dashboard?',
  'The app crashes when I upload a photo',
  'How do I cancel my subscription?',
];
const PROBE_PASSAGES = [
  'Our office is closed on public holidays in December.',
  'Tomatoes need six hours of sun and regular watering.',
  'The train to the airport leaves every twenty minutes.',
  'Chess openings control the centre of the board early.',
  'Volcanic soil is rich in minerals such as potassium.',
  'The choir rehearses on Thursday evenings in the hall.',
];
const floors = new Map<string, Promise<number>>();

/** The 90th percentile of query–passage cosines between unrelated probes, measured once per model. */
export function unrelatedCosine(embedder: Embedder): Promise<number> {
  const key = `${embedder.embeddingModelId}\u0000${embedder.taskPrefixes?.query ?? ''}`;
  let floor = floors.get(key);
  if (!floor) {
    floor = (async () => {
      const queries = await Promise.all(PROBE_QUERIES.map(async (q) => normalize(await embedQuery(embedder, q))));
      const passages = await Promise.all(PROBE_PASSAGES.map(async (p) => normalize(await embedDocument(embedder, p))));
      const cosines = queries.flatMap((q) => passages.map((p) => cosine(q, p))).sort((a, b) => a - b);
      return cosines[Math.floor(cosines.length * 0.9)] ?? 0;
    })();
    floor.catch(() => floors.delete(key));
    floors.set(key, floor);
  }
  return floor;
}

/**
 * Absolute relevance of one chunk: the cosine above the model's unrelated floor, rescaled to 0..1, and the
 * full-text rank, combined as independent evidence (1 − (1 − a)(1 − b)). Neither part is divided by the best
 * hit, so a query that matches nothing scores near 0 even though some chunk is ranked first.
 */
export function relevance(cos: number | null, floor: number, textRank: number): number {
  const semantic = cos === null ? 0 : Math.max(0, (cos - floor) / Math.max(1e-6, 1 - floor));
  return 1 - (1 - semantic) * (1 - Math.min(1, Math.max(0, textRank)));
}

/**
 * Ranks the tenant's KB chunks for a text: the embedding ranking (in-memory index) and the full-text ranking
 * (Postgres) are fused by reciprocal rank fusion, which needs no common scale; each hit then carries its
 * absolute relevance. One chunk per article, at most k, none without any evidence.
 */
export async function rankKnowledge(db: Db, index: KnowledgeIndex, tenantId: string, text: string, k = TOP_K): Promise<Citation[]> {
  const { embedder } = index;
  const [text_, query, floor] = await Promise.all([
    textHits(db, tenantId, queryTerms(text)),
    embedQuery(embedder, text).then(normalize),
    unrelatedCosine(embedder),
  ]);
  const vector = await index.search(tenantId, query, CANDIDATES);
  type Fused = { chunk: IndexedChunk; rrf: number; cosine: number | null; textRank: number };
  const fused = new Map<string, Fused>();
  const entry = (chunk: IndexedChunk) => {
    let e = fused.get(chunk.chunkId);
    if (!e) fused.set(chunk.chunkId, (e = { chunk, rrf: 0, cosine: null, textRank: 0 }));
    return e;
  };
  // A vector hit no closer than unrelated text is noise, not a ranking: it stays out of the fusion.
  vector
    .filter((hit) => hit.cosine > floor)
    .forEach((hit, rank) => {
      entry(hit.chunk).rrf += 1 / (RRF_K + rank + 1);
    });
  text_.forEach((hit, rank) => {
    const e = entry(hit);
    e.rrf += 1 / (RRF_K + rank + 1);
    e.textRank = hit.textRank;
  });
  const cosines = new Map(vector.map((hit) => [hit.chunk.chunkId, hit.cosine]));
  for (const e of fused.values()) e.cosine = cosines.get(e.chunk.chunkId) ?? null;
  const ordered = [...fused.values()].sort((a, b) => b.rrf - a.rrf);
  const seen = new Set<string>();
  const out: Citation[] = [];
  for (const f of ordered) {
    const score = relevance(f.cosine, floor, f.textRank);
    // No evidence at all: citing it would only mislead the draft.
    if (seen.has(f.chunk.articleId) || score <= 0) continue;
    seen.add(f.chunk.articleId);
    out.push({
      articleId: f.chunk.articleId,
      chunkId: f.chunk.chunkId,
      title: f.chunk.title,
      slug: f.chunk.slug,
      score: round(score),
      cosine: f.cosine === null ? null : round(f.cosine),
      textRank: round(f.textRank),
      excerpt: f.chunk.text.slice(0, 400),
    });
    if (out.length === k) break;
  }
  return out;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

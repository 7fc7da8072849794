import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Actor, type Db } from '@helpdesk/db';
import { createTestDatabase, makeTenant } from '@helpdesk/testkit';
import { ModelRuntime } from '@helpdesk/llm';
import { ensureTinyModel } from '@helpdesk/models/tiny-model';
import { createArticle, deleteArticle, listArticles, updateArticle } from '../src/articles';
import { chunkMarkdown } from '../src/chunking';
import { embedArticle } from '../src/embed';
import { KnowledgeIndex } from '../src/index-cache';
import { rankKnowledge, relevance, unrelatedCosine } from '../src/retrieval';
import { buildTenantIndex, searchIndex } from '../src/index-cache';
import { bytesToVector, normalize } from '../src/vectors';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let runtime: ModelRuntime;
let tenantId: string;
let otherTenantId: string;
let admin: Actor;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, 4);
  runtime = await ModelRuntime.load({ modelPath: await ensureTinyModel(), threads: 1, sequences: 1, contextSize: 2048, gpu: false });
  tenantId = (await makeTenant(db, 'KB Tenant')).id;
  otherTenantId = (await makeTenant(db, 'Other Tenant')).id;
  const user = await db.user.create({ data: { email: `agent-${Date.now()}@kb.test`, name: 'Agent Kay' } });
  await db.membership.create({ data: { tenantId, userId: user.id, role: 'AGENT' } });
  admin = { type: 'USER', id: user.id, tenantId, role: 'AGENT' };
});
afterAll(async () => {
  await runtime?.dispose();
  await db?.$disconnect();
  await database?.drop();
});

describe('chunking', () => {
  it('splits long markdown at headings and paragraphs, each chunk led by the title', () => {
    const body = `# Intro\n\n${'word '.repeat(300)}\n\n## Next\n\nShort paragraph.`;
    const chunks = chunkMarkdown('Guide', body, 500);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) {
      expect(c.startsWith('Guide')).toBe(true);
      expect(c.length).toBeLessThanOrEqual(500 + 'Guide\n\n'.length);
    }
    expect(chunks.at(-1)).toContain('Short paragraph.');
  });
});

describe('knowledge base', () => {
  it('creates, edits and deletes articles with chunks, outbox events and unique slugs', async () => {
    const a = await createArticle(db, admin, { title: 'Shipping times', bodyMarkdown: 'Parcels arrive in 3 days.' });
    const b = await createArticle(db, admin, { title: 'Shipping times', bodyMarkdown: 'Express parcels arrive next day.' });
    expect([a.slug, b.slug]).toEqual(['shipping-times', 'shipping-times-2']);
    expect(await db.knowledgeChunk.count({ where: { tenantId, articleId: a.id } })).toBe(1);
    const updated = await updateArticle(
      db,
      admin,
      a.id,
      { title: 'Shipping times', bodyMarkdown: 'Parcels arrive in 2 days.\n\nTracking is emailed.' },
      1,
    );
    expect(updated.version).toBe(2);
    await expect(updateArticle(db, admin, a.id, { title: 'Stale', bodyMarkdown: '' }, 1)).rejects.toMatchObject({
      status: 409,
      field: 'version',
    });
    const chunks = await db.knowledgeChunk.findMany({ where: { tenantId, articleId: a.id } });
    expect(chunks.every((c) => c.articleVersion === 2 && c.text.includes('2 days'))).toBe(true);
    const events = await db.outboxEvent.findMany({ where: { tenantId, type: 'kb.article.changed' } });
    expect(events).toHaveLength(3);
    await deleteArticle(db, admin, b.id);
    expect((await listArticles(db, tenantId)).map((x) => x.id)).toEqual([a.id]);
    await expect(createArticle(db, admin, { title: '   ', bodyMarkdown: 'x' })).rejects.toMatchObject({ status: 400, field: 'title' });
    await expect(createArticle(db, { ...admin, role: 'BILLING_VIEWER' }, { title: 'No', bodyMarkdown: '' })).rejects.toMatchObject({
      status: 403,
    });
    await expect(deleteArticle(db, { ...admin, tenantId: otherTenantId }, a.id)).rejects.toMatchObject({ status: 404 });
  });

  it('embeds chunks as Float32 bytes and ranks by cosine plus full-text', async () => {
    const refund = await createArticle(db, admin, {
      title: 'Refund policy',
      bodyMarkdown: 'Refunds for a double charge go back to the card within five days.',
    });
    const login = await createArticle(db, admin, { title: 'Password help', bodyMarkdown: 'Reset your password from the sign in page.' });
    for (const art of [refund, login]) await embedArticle(db, runtime, { tenantId, articleId: art.id, version: art.version });
    const chunk = await db.knowledgeChunk.findFirstOrThrow({ where: { tenantId, articleId: refund.id } });
    expect(bytesToVector(chunk.embedding!)).toHaveLength(runtime.model.embeddingVectorSize);
    expect(chunk.embeddingModel).toBe(runtime.embeddingModelId);
    // A stale job for an older version finds nothing to do.
    expect(await embedArticle(db, runtime, { tenantId, articleId: refund.id, version: 99 })).toMatchObject({ embedded: 0 });
    // An article written without chunks (the seed does this) is chunked by its embed job.
    const raw = await db.knowledgeArticle.create({
      data: { tenantId, title: 'Raw import', slug: 'raw-import', bodyMarkdown: 'Imported text about gift cards.' },
    });
    expect(await embedArticle(db, runtime, { tenantId, articleId: raw.id, version: 1 })).toMatchObject({ embedded: 1 });
    const index = new KnowledgeIndex(db, runtime);
    const hits = await rankKnowledge(db, index, tenantId, 'I was charged twice, I want a refund');
    expect(hits[0]?.title).toBe('Refund policy');
    expect(hits[0]!.textRank).toBeGreaterThan(0);
    expect(hits[0]!.cosine).not.toBeNull();
    const other = await rankKnowledge(db, new KnowledgeIndex(db, runtime), otherTenantId, 'refund');
    expect(other).toEqual([]);
  });
});

describe('retrieval', () => {
  it('returns a full-text hit that has no embedding yet, scored by its text alone', async () => {
    const article = await createArticle(db, admin, {
      title: 'Warranty claims',
      bodyMarkdown: 'A warranty claim needs the serial number and the receipt.',
    });
    const chunk = await db.knowledgeChunk.findFirstOrThrow({ where: { tenantId, articleId: article.id } });
    expect(chunk.embedding).toBeNull();
    const hits = await rankKnowledge(db, new KnowledgeIndex(db, runtime), tenantId, 'How do I make a warranty claim without a receipt?');
    const hit = hits.find((h) => h.articleId === article.id);
    expect(hit).toMatchObject({ cosine: null, title: 'Warranty claims' });
    expect(hit!.textRank).toBeGreaterThan(0);
    expect(hit!.score).toBe(Math.round(hit!.textRank * 1000) / 1000);
  });

  it('gives a query with no relevant article a low absolute score, and a matching one a higher score', async () => {
    const index = new KnowledgeIndex(db, runtime);
    const floor = await unrelatedCosine(runtime);
    const nothing = await rankKnowledge(db, index, tenantId, 'zebra quantum marmalade xylophone');
    const best = Math.max(0, ...nothing.map((h) => h.score));
    // The demo model's cosines are noise: only what exceeds its unrelated floor counts, so the score stays low.
    expect(best).toBeLessThan(0.2);
    const refund = await rankKnowledge(db, index, tenantId, 'refund for a double charge on my card');
    expect(refund[0]?.title).toBe('Refund policy');
    expect(refund[0]!.score).toBeGreaterThan(best);
    // Absolute, not normalised to the best hit: the top hit of a weak query does not get 1.
    expect(refund[0]!.score).toBeLessThan(1);
    expect(relevance(floor, floor, 0)).toBe(0);
    expect(relevance(1, floor, 0)).toBe(1);
  });

  it('keeps the vector top list exact and bounds the cache by bytes', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => {
      const v = new Float32Array(8).map((_, d) => Math.sin(i * 7 + d * 13));
      return { chunk: { chunkId: `c${i}`, articleId: `a${i}`, title: 't', slug: 's', text: 'x' }, vector: v };
    });
    const index = buildTenantIndex(rows);
    const query = new Float32Array(8).map((_, d) => Math.cos(d));
    // The index normalises each vector at load: the ranking is by cosine.
    const exact = rows
      .map((r) => ({ id: r.chunk.chunkId, dot: normalize(r.vector).reduce((sum, x, d) => sum + x * query[d]!, 0) }))
      .sort((a, b) => b.dot - a.dot);
    expect(searchIndex(index, query, 10).map((h) => h.chunk.chunkId)).toEqual(exact.slice(0, 10).map((e) => e.id));

    const small = new KnowledgeIndex(db, runtime, { maxBytes: 1 });
    await small.tenant(tenantId);
    // One tenant's index is larger than a 1-byte cap: it is served but not kept.
    expect(small.bytes).toBe(0);
    const roomy = new KnowledgeIndex(db, runtime);
    await roomy.tenant(tenantId);
    expect(roomy.bytes).toBeGreaterThan(0);
  });

  it('builds the int8 copy with the tenant load, counts it in the cache, and ranks exactly as the plain scan', async () => {
    const plain = new KnowledgeIndex(db, runtime, { quantizeFrom: Infinity });
    const withInt8 = new KnowledgeIndex(db, runtime, { quantizeFrom: 1 });
    const [a, b] = [await plain.tenant(tenantId), await withInt8.tenant(tenantId)];
    expect(a.quantized).toBeNull();
    expect(b.quantized).not.toBeNull();
    expect(withInt8.bytes - plain.bytes).toBe(b.quantized!.bytes);
    // The same index object serves the next search: built once per load.
    expect(await withInt8.tenant(tenantId)).toBe(b);
    for (const text of ['I was charged twice, I want a refund', 'warranty claim without a receipt', 'gift cards']) {
      expect(await rankKnowledge(db, withInt8, tenantId, text)).toEqual(await rankKnowledge(db, plain, tenantId, text));
    }
  });

  it('answers a search whose index load was invalidated mid-flight (an article changed meanwhile)', async () => {
    const index = new KnowledgeIndex(db, runtime);
    const loading = index.tenant(tenantId);
    index.invalidate(tenantId);
    await expect(loading).resolves.toBeDefined();
    // The load that began before the change is not kept: the next search reads the articles afresh.
    expect(index.bytes).toBe(0);
    for (let i = 0; i < 5; i++) index.invalidate(tenantId);
    await expect(Promise.all([index.tenant(tenantId), index.tenant(tenantId)])).resolves.toHaveLength(2);
    expect(index.bytes).toBeGreaterThan(0);
  });
});

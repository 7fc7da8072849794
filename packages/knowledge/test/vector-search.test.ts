import { describe, expect, it } from 'vitest';
import { buildTenantIndex, exactTopRows, indexBytes, searchIndex, type IndexedChunk } from '../src/index-cache';
import { buildQuantized, searchQuantized } from '../src/quantized';
import { int8Dots, simdAvailable, wasmMemory } from '../src/simd';
import { mulberry32 } from '@helpdesk/config/random';
import { syntheticVectors } from '../src/synthetic';
import { TopK } from '../src/top-k';
import { normalize } from '../src/vectors';

const chunk = (i: number): IndexedChunk => ({ chunkId: `c${i}`, articleId: `a${i >> 2}`, title: 't', slug: 's', text: 'x' });

/** The reference: every vector normalised on its own, every dot product, one stable sort of all of them. */
function naiveSearch(vectors: Float32Array[]) {
  const normalised = vectors.map(normalize);
  return (query: Float32Array, n: number) =>
    normalised
      .map((v, i) => ({ chunkId: `c${i}`, cosine: v.reduce((sum, x, d) => sum + x * query[d]!, 0) }))
      .sort((a, b) => b.cosine - a.cosine)
      .slice(0, n);
}
const naive = (vectors: Float32Array[], query: Float32Array, n: number) => naiveSearch(vectors)(query, n);

const hits = (found: { chunk: IndexedChunk; cosine: number }[]) => found.map((h) => ({ chunkId: h.chunk.chunkId, cosine: h.cosine }));

function randomVectors(count: number, dimensions: number, seed: number): Float32Array[] {
  const random = mulberry32(seed);
  // Not normalised: the index normalises at load, the reference on its own.
  return Array.from({ length: count }, () => Float32Array.from({ length: dimensions }, () => (random() * 2 - 1) * (1 + random())));
}

describe('vector search', () => {
  it('the plain scan gives the same hits, cosines and order as a naive reference on random data', () => {
    const vectors = randomVectors(2000, 96, 1);
    const index = buildTenantIndex(
      vectors.map((vector, i) => ({ chunk: chunk(i), vector })),
      { quantizeFrom: Infinity },
    );
    expect(index.quantized).toBeNull();
    const reference = naiveSearch(vectors);
    for (const query of randomVectors(20, 96, 2).map(normalize)) {
      expect(hits(searchIndex(index, query, 50))).toEqual(reference(query, 50));
    }
    // More asked than there are: all of them, in order.
    const few = vectors.slice(0, 7);
    const small = buildTenantIndex(few.map((vector, i) => ({ chunk: chunk(i), vector })));
    const query = normalize(randomVectors(1, 96, 3)[0]!);
    expect(hits(searchIndex(small, query, 50))).toEqual(naive(few, query, 50));
    expect(searchIndex(small, query, 0)).toEqual([]);
    expect(searchIndex(small, new Float32Array(5), 3)).toEqual([]);
  });

  it('keeps equal cosines in load order, as a stable sort does', () => {
    const random = mulberry32(4);
    const distinct = randomVectors(30, 16, 5);
    // Many exact duplicates: ties at every rank.
    const vectors = Array.from({ length: 600 }, () => distinct[Math.floor(random() * distinct.length)]!);
    for (const quantizeFrom of [Infinity, 0]) {
      const index = buildTenantIndex(
        vectors.map((vector, i) => ({ chunk: chunk(i), vector })),
        { quantizeFrom },
      );
      expect(index.quantized === null).toBe(quantizeFrom === Infinity || !simdAvailable());
      const query = normalize(distinct[0]!);
      expect(hits(searchIndex(index, query, 50))).toEqual(naive(vectors, query, 50));
    }
  });

  it.skipIf(!simdAvailable())('the int8 kernel computes exact integer dot products, padding included', () => {
    const random = mulberry32(6);
    const [count, dimensions, stride] = [37, 100, 128];
    const memory = wasmMemory(1)!;
    const dots = int8Dots(memory)!;
    const rows = new Int8Array(memory.buffer, 0, count * stride);
    const query = new Int8Array(memory.buffer, count * stride, stride);
    const out = new Int32Array(memory.buffer, count * stride + stride, count);
    const int8 = () => Math.round(random() * 254) - 127;
    for (let r = 0; r < count; r++) for (let d = 0; d < dimensions; d++) rows[r * stride + d] = int8();
    for (let d = 0; d < dimensions; d++) query[d] = int8();
    query.fill(127, 0, 8); // the extremes too
    rows.fill(-127, 0, 8);
    dots(rows.byteOffset, query.byteOffset, out.byteOffset, count, stride);
    for (let r = 0; r < count; r++) {
      let dot = 0;
      for (let d = 0; d < dimensions; d++) dot += rows[r * stride + d]! * query[d]!;
      expect(out[r]).toBe(dot);
    }
  });

  // The path large tenants take: on realistic (clustered) and worst-case (uniform) data, with the real model's
  // dimension and the demo model's, the int8 scan and rescoring return exactly the plain scan's top hits.
  it.skipIf(!simdAvailable())('the int8 path returns the exact top hits on a clustered synthetic set', () => {
    for (const [kind, count, dimensions] of [
      ['clustered', 3000, 768],
      ['clustered', 5000, 64],
      ['uniform', 2000, 768],
    ] as const) {
      const set = syntheticVectors(kind, count, 12, dimensions, 7);
      const index = buildTenantIndex(
        set.vectors.map((vector, i) => ({ chunk: chunk(i), vector })),
        { quantizeFrom: 0 },
      );
      expect(index.quantized).not.toBeNull();
      const reference = naiveSearch(set.vectors);
      let rescored = 0;
      for (const query of set.queries.map(normalize)) {
        const found = searchIndex(index, query, 50);
        expect(hits(found)).toEqual(reference(query, 50));
        expect(found.map((h) => h.cosine)).toEqual(exactTopRows(index, query, 50).map((h) => h.score));
        rescored += searchQuantized(index.quantized!, index.matrix, query, 50).rescored;
      }
      // The bounds rule out most rows: the point of the int8 scan.
      expect(rescored / set.queries.length).toBeLessThan(count / 4);
    }
  });

  it.skipIf(!simdAvailable())('counts the int8 copy in the bytes the cache bounds', () => {
    const set = syntheticVectors('clustered', 400, 0, 64, 8);
    const entries = set.vectors.map((vector, i) => ({ chunk: chunk(i), vector }));
    const plain = buildTenantIndex(entries, { quantizeFrom: Infinity });
    const withInt8 = buildTenantIndex(entries, { quantizeFrom: 0 });
    expect(indexBytes(withInt8) - indexBytes(plain)).toBe(withInt8.quantized!.bytes);
    expect(withInt8.quantized!.bytes).toBeGreaterThanOrEqual(withInt8.quantized!.memory.buffer.byteLength);
    expect(buildQuantized(new Float32Array(0), 0, 64)).toBeNull();
  });

  it('TopK keeps the best scores, earlier rows first among equals', () => {
    const top = new TopK(3);
    [0.5, 0.9, 0.5, 0.7, 0.9, 0.1, 0.5].forEach((score, row) => top.offer(score, row));
    expect(top.sorted()).toEqual([
      { score: 0.9, row: 1 },
      { score: 0.9, row: 4 },
      { score: 0.7, row: 3 },
    ]);
    expect(new TopK(0).sorted()).toEqual([]);
  });
});

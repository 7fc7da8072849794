// `npm run bench:retrieval -- [--sizes 1000,10000,100000] [--dimensions 768] [--queries 100]`: the vector side of
// knowledge retrieval for one tenant at growing sizes. Synthetic unit vectors of the real embedding dimension
// (nomic-embed-text-v1.5: 768) go through the same index the AI worker uses (one Float32 matrix, one pass with a
// bounded top list); p50/p95 per query are measured in this run. The full-text side runs in Postgres on a GIN
// index and is not part of this figure. Writes bench/results/retrieval.json and prints a RESULT line.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildTenantIndex, normalize, searchIndex, type IndexedChunk } from '@helpdesk/knowledge';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    dimensions: { type: 'string', default: '768' },
    queries: { type: 'string', default: '100' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const dimensions = Number(values.dimensions);
const queries = Number(values.queries);
/** The goal of issue 15: past it, brute force would have to give way to an approximate index. */
const BUDGET_MS = 50;
const CANDIDATES = 50;

/** mulberry32: the same vectors every run, so runs compare. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomUnit(random: () => number): Float32Array {
  return normalize(Float32Array.from({ length: dimensions }, () => random() * 2 - 1));
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const round = (n: number) => Math.round(n * 100) / 100;

const rows: { chunks: number; p50_ms: number; p95_ms: number; index_mb: number }[] = [];
for (const size of sizes) {
  const random = seeded(size);
  const chunk = (i: number): IndexedChunk => ({
    chunkId: `c${i}`,
    articleId: `a${Math.floor(i / 4)}`,
    title: `Article ${i >> 2}`,
    slug: `article-${i >> 2}`,
    text: '',
  });
  const index = buildTenantIndex(Array.from({ length: size }, (_, i) => ({ chunk: chunk(i), vector: randomUnit(random) })));
  const probes = Array.from({ length: queries }, () => randomUnit(random));
  for (const q of probes.slice(0, 10)) searchIndex(index, q, CANDIDATES);
  const times: number[] = [];
  for (const q of probes) {
    const started = performance.now();
    searchIndex(index, q, CANDIDATES);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const row = {
    chunks: size,
    p50_ms: round(percentile(times, 0.5)),
    p95_ms: round(percentile(times, 0.95)),
    index_mb: round(index.matrix.byteLength / 1e6),
  };
  rows.push(row);
  console.log(
    `${String(size).padStart(7)} chunks × ${dimensions} dims: p50 ${row.p50_ms} ms, p95 ${row.p95_ms} ms (${row.index_mb} MB of vectors)`,
  );
}

const largest = rows.at(-1)!;
const result = {
  dimensions,
  queries,
  candidates: CANDIDATES,
  sizes: rows,
  p95_ms_at_largest: largest.p95_ms,
  within_budget: largest.p95_ms <= BUDGET_MS,
  budget_ms: BUDGET_MS,
  machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '', loadavg: loadavg().map(round) },
};
console.log(
  result.within_budget
    ? `Brute force over ${largest.chunks} chunks stays within ${BUDGET_MS} ms at p95: no approximate index needed.`
    : `Brute force over ${largest.chunks} chunks passes ${BUDGET_MS} ms at p95: an approximate index would pay at this size.`,
);
const out = path.resolve(import.meta.dirname, 'results');
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'retrieval.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`RESULT ${JSON.stringify(result)}`);

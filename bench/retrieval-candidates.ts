// `npx tsx bench/retrieval-candidates.ts --from DIR [--sizes 1000,10000] [--dimensions 768] [--queries 50]`
// The approximate (HNSW) indexes issue 15 named as candidates, measured on the same synthetic clustered vectors as
// `bench:retrieval`, against the exact top 10 of this package's scan. They are not dependencies of the project (see
// the README for why): install them anywhere with `npm install --no-save usearch hnswlib-node` (hnswlib-node
// compiles with node-gyp) and pass that folder as --from. One thread each; build time, resident memory added,
// p50/p95 per query, recall@10. A library whose build at the previous size projects past --max-build-s is skipped.
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import { buildTenantIndex, exactTopRows, normalize, syntheticVectors } from '@helpdesk/knowledge';

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: process.cwd() },
    sizes: { type: 'string', default: '1000,10000' },
    dimensions: { type: 'string', default: '768' },
    queries: { type: 'string', default: '50' },
    'max-build-s': { type: 'string', default: '600' },
  },
});
const load = createRequire(path.join(path.resolve(values.from), 'noop.js'));
const sizes = values.sizes.split(',').map(Number);
const dimensionsList = values.dimensions.split(',').map(Number);
const queries = Math.min(200, Number(values.queries));
const maxBuildMs = Number(values['max-build-s']) * 1000;
const [CONNECTIVITY, EXPANSION_ADD, EXPANSION_SEARCH, K] = [16, 128, 64, 10];

interface Candidate {
  name: string;
  build(matrix: Float32Array, count: number, dimensions: number): (query: Float32Array) => number[];
}

function candidates(): Candidate[] {
  const out: Candidate[] = [];
  try {
    const usearch = load('usearch') as {
      Index: new (config: object) => {
        add(keys: BigUint64Array, vectors: Float32Array, threads: number): void;
        search(query: Float32Array, k: number, threads: number): { keys: BigUint64Array };
      };
    };
    out.push({
      name: `usearch HNSW (M ${CONNECTIVITY}, ef ${EXPANSION_ADD}/${EXPANSION_SEARCH})`,
      build(matrix, count, dimensions) {
        const index = new usearch.Index({
          dimensions,
          metric: 'ip',
          quantization: 'f32',
          connectivity: CONNECTIVITY,
          expansion_add: EXPANSION_ADD,
          expansion_search: EXPANSION_SEARCH,
          multi: false,
        });
        index.add(
          BigUint64Array.from({ length: count }, (_, i) => BigInt(i)),
          matrix,
          1,
        );
        return (query) => Array.from(index.search(query, K, 1).keys, Number);
      },
    });
  } catch (error) {
    console.log(`usearch not found from ${values.from}: ${(error as Error).message.split('\n')[0]}`);
  }
  try {
    const hnswlib = load('hnswlib-node') as {
      HierarchicalNSW: new (
        space: string,
        dimensions: number,
      ) => {
        initIndex(max: number, m: number, efConstruction: number, seed: number): void;
        addPoint(point: number[], label: number): void;
        setEf(ef: number): void;
        searchKnn(query: number[], k: number): { neighbors: number[] };
      };
    };
    out.push({
      name: `hnswlib-node HNSW (M ${CONNECTIVITY}, ef ${EXPANSION_ADD}/${EXPANSION_SEARCH})`,
      build(matrix, count, dimensions) {
        const index = new hnswlib.HierarchicalNSW('ip', dimensions);
        index.initIndex(count, CONNECTIVITY, EXPANSION_ADD, 42);
        for (let row = 0; row < count; row++) index.addPoint(Array.from(matrix.subarray(row * dimensions, (row + 1) * dimensions)), row);
        index.setEf(EXPANSION_SEARCH);
        return (query) => index.searchKnn(Array.from(query), K).neighbors;
      },
    });
  } catch (error) {
    console.log(`hnswlib-node not found from ${values.from}: ${(error as Error).message.split('\n')[0]}`);
  }
  return out;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const libraries = candidates();
const lastBuild = new Map<string, { size: number; ms: number }>();
for (const dimensions of dimensionsList) {
  for (const size of sizes) {
    const set = syntheticVectors('clustered', size, queries, dimensions, size + dimensions);
    const index = buildTenantIndex(
      set.vectors.map((vector, i) => ({ chunk: { chunkId: `c${i}`, articleId: '', title: '', slug: '', text: '' }, vector })),
      { quantizeFrom: Infinity },
    );
    const probes = set.queries.map(normalize);
    const truth = probes.map((q) => new Set(exactTopRows(index, q, K).map((h) => h.row)));
    for (const library of libraries) {
      const previous = lastBuild.get(`${library.name}/${dimensions}`);
      // HNSW builds grow a little faster than linearly; a linear projection is the optimistic one.
      if (previous && (previous.ms * size) / previous.size > maxBuildMs) {
        console.log(`${dimensions} dims, ${size} chunks, ${library.name}: skipped (build projected past ${maxBuildMs / 1000} s)`);
        continue;
      }
      global.gc?.();
      const rss = process.memoryUsage().rss;
      const started = performance.now();
      const search = library.build(index.matrix, size, dimensions);
      const buildMs = performance.now() - started;
      lastBuild.set(`${library.name}/${dimensions}`, { size, ms: buildMs });
      const addedMb = (process.memoryUsage().rss - rss) / 1e6;
      for (const q of probes.slice(0, 5)) search(q);
      const times: number[] = [];
      let found = 0;
      probes.forEach((q, i) => {
        const t = performance.now();
        const got = search(q);
        times.push(performance.now() - t);
        found += got.filter((row) => truth[i]!.has(row)).length;
      });
      times.sort((a, b) => a - b);
      console.log(
        `${dimensions} dims, ${size} chunks, ${library.name}: build ${round(buildMs / 1000, 1)} s, +${round(addedMb, 0)} MB resident, ` +
          `p50 ${round(percentile(times, 0.5))} ms, p95 ${round(percentile(times, 0.95))} ms, recall@10 ${round(found / (probes.length * K), 3)}`,
      );
    }
  }
}
console.log(
  `Load average ${loadavg()
    .map((n) => round(n))
    .join(' ')} on ${cpus().length} cores.`,
);

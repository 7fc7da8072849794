import { int8Dots, wasmMemory, type DotsKernel, type WasmMemory } from './simd';
import { TopK } from './top-k';

/**
 * A compressed copy of a tenant's vectors that finds the exact top hits of a large index with a quarter of the
 * memory traffic: each row is stored as int8 with its own scale (x ≈ scale · x8), scanned by a WebAssembly SIMD
 * kernel, and only the rows that could still belong to the top k are scored again on the Float32 vectors.
 *
 * Why the result is exact: for a query q and a row x with int8 approximations q̂ and x̂,
 *   |q·x − q̂·x̂| = |q·(x − x̂) + (q − q̂)·x̂| ≤ ‖q‖·‖x − x̂‖ + ‖q − q̂‖·‖x̂‖ =: δ(x)   (Cauchy–Schwarz)
 * so every row's true cosine lies in [q̂·x̂ − δ, q̂·x̂ + δ]. With τ the k-th largest lower bound, k rows score at
 * least τ, so each row of the true top k has an upper bound ≥ τ. Rescoring every row whose upper bound reaches τ,
 * with the same Float32 dot product as the plain scan, gives the same hits, scores and order (ties by row).
 * The bound only decides how many rows are rescored (a few hundred of 100,000 on the benchmark's data).
 */
export interface QuantizedRows {
  count: number;
  dimensions: number;
  /** Bytes per int8 row: dimensions rounded up to 32, zero-padded. */
  stride: number;
  memory: WasmMemory;
  dots: DotsKernel;
  rows: Int8Array;
  query: Int8Array;
  out: Int32Array;
  /** Per row: x ≈ scale · x8. */
  scale: Float32Array;
  /** Per row: ‖x − x̂‖, rounded up. */
  error: Float32Array;
  /** Per row: ‖x̂‖, rounded up. */
  norm: Float32Array;
  /** Scratch of a search: each row's upper bound (one search at a time: JavaScript runs one at a time). */
  upper: Float64Array;
  /** Everything this adds to the tenant's index, for the cache's byte count. */
  bytes: number;
}

/** Covers the rounding of the Float64 sums on both sides (about dimensions × 2⁻⁵³); far below any δ. */
const ROUNDING = 1e-9;
const PAGE = 65536;
const MAX_PAGES = 65536;

/** Rounds a non-negative Float64 up to a Float32 that is not smaller. */
const roundUp = (x: number) => {
  const f = Math.fround(x);
  return f >= x ? f : Math.fround(x * (1 + 2 ** -22));
};

/**
 * int8 of v / scale with the scale that maps the largest magnitude to 127, written into `into` at `at`; with
 * ‖v − v̂‖ and ‖v̂‖ for v̂ = scale · int8 (products of a 7-bit integer and a Float32 are exact in Float64).
 */
function quantize(
  source: Float32Array,
  from: number,
  dimensions: number,
  into: Int8Array,
  at: number,
): { scale: number; error: number; norm: number } {
  let max = 0;
  for (let d = 0; d < dimensions; d++) {
    const magnitude = Math.abs(source[from + d]!);
    if (magnitude > max) max = magnitude;
  }
  const scale = Math.fround(max / 127);
  // Any int8 vector would do (the error below is measured against the one chosen): about the nearest one.
  const inverse = max > 0 ? 127 / max : 0;
  let error = 0;
  let norm = 0;
  for (let d = 0; d < dimensions; d++) {
    const x = source[from + d]!;
    let q = Math.round(x * inverse);
    if (q > 127) q = 127;
    else if (q < -127) q = -127;
    into[at + d] = q;
    const approx = q * scale;
    error += (x - approx) * (x - approx);
    norm += approx * approx;
  }
  return { scale, error: Math.sqrt(error), norm: Math.sqrt(norm) };
}

/** Builds the int8 copy of a row-major matrix of normalised rows; null where WebAssembly SIMD is missing. */
export function buildQuantized(matrix: Float32Array, count: number, dimensions: number): QuantizedRows | null {
  const stride = Math.ceil(dimensions / 32) * 32;
  const rowsBytes = count * stride;
  const total = rowsBytes + stride + 4 * count;
  const pages = Math.ceil(total / PAGE);
  if (count === 0 || dimensions === 0 || pages > MAX_PAGES) return null;
  const memory = wasmMemory(pages);
  const dots = memory && int8Dots(memory);
  if (!memory || !dots) return null;
  const rows = new Int8Array(memory.buffer, 0, rowsBytes);
  const query = new Int8Array(memory.buffer, rowsBytes, stride);
  const out = new Int32Array(memory.buffer, rowsBytes + stride, count);
  const scale = new Float32Array(count);
  const error = new Float32Array(count);
  const norm = new Float32Array(count);
  const upper = new Float64Array(count);
  for (let row = 0; row < count; row++) {
    const q = quantize(matrix, row * dimensions, dimensions, rows, row * stride);
    scale[row] = q.scale;
    error[row] = roundUp(q.error);
    norm[row] = roundUp(q.norm);
  }
  return {
    count,
    dimensions,
    stride,
    memory,
    dots,
    rows,
    query,
    out,
    scale,
    error,
    norm,
    upper,
    bytes: memory.buffer.byteLength + scale.byteLength + error.byteLength + norm.byteLength + upper.byteLength,
  };
}

/**
 * The exact top n rows (by the Float32 dot product with `query`, ties by row) and their scores, via the int8
 * scan and the rescoring of the rows its bounds cannot rule out. `rescored` tells how many rows that took.
 */
export function searchQuantized(
  q: QuantizedRows,
  matrix: Float32Array,
  query: Float32Array,
  n: number,
): { hits: { score: number; row: number }[]; rescored: number } {
  const { count, dimensions, stride, scale, error, norm, out, upper } = q;
  const quantizedQuery = quantize(query, 0, dimensions, q.query, 0);
  let queryNorm = 0;
  for (let d = 0; d < dimensions; d++) queryNorm += query[d]! * query[d]!;
  queryNorm = roundUp(Math.sqrt(queryNorm));
  const queryScale = quantizedQuery.scale;
  const queryError = roundUp(quantizedQuery.error);
  q.dots(q.rows.byteOffset, q.query.byteOffset, out.byteOffset, count, stride);

  // Each row's bounds; τ: the n-th largest lower bound.
  const lower = new TopK(n);
  for (let row = 0; row < count; row++) {
    const approx = out[row]! * scale[row]! * queryScale;
    const delta = queryNorm * error[row]! + queryError * norm[row]! + ROUNDING;
    upper[row] = approx + delta;
    if (approx - delta > lower.threshold || !lower.full) lower.offer(approx - delta, row);
  }
  const tau = lower.threshold;

  const top = new TopK(n);
  let rescored = 0;
  for (let row = 0; row < count; row++) {
    if (upper[row]! < tau) continue;
    rescored++;
    const offset = row * dimensions;
    let dot = 0;
    for (let d = 0; d < dimensions; d++) dot += matrix[offset + d]! * query[d]!;
    top.offer(dot, row);
  }
  return { hits: top.sorted(), rescored };
}

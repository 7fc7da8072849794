/**
 * One WebAssembly function with 128-bit SIMD, assembled here from its instructions (no build step, no binary in the
 * repository): the integer dot products of an int8 query with every row of an int8 matrix. JavaScript has no SIMD
 * and reads a Float32Array one element at a time, so an exact scan of 100,000 × 768 floats costs about 130 ms of
 * CPU on this project's 2-core machine; this kernel reads a quarter of the bytes and multiplies 8 pairs per
 * instruction (about 15 ms). Integer arithmetic is exact: the result is the same on every machine.
 *
 *   (func (export "dots") (param $rows i32) (param $query i32) (param $out i32) (param $count i32) (param $stride i32)
 *     for each row: out[row] = Σ i32x4.dot_i16x8_s(extend(row[d..d+8]), extend(query[d..d+8])), 32 bytes a step)
 *
 * $stride is the row length in bytes, a multiple of 32 (rows are zero-padded). The memory is imported, so each
 * caller owns one (a tenant index keeps its int8 rows there).
 */

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(byte & 0x40)) || (n === -1 && byte & 0x40)) return [...out, byte];
    out.push(byte | 0x80);
  }
};
const vector = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes];
const name = (s: string): number[] => vector([...new TextEncoder().encode(s)].map((b) => [b]));

const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  get: (local: number) => [0x20, ...uleb(local)],
  set: (local: number) => [0x21, ...uleb(local)],
  tee: (local: number) => [0x22, ...uleb(local)],
  i32Store: [0x36, 2, 0],
  i32Const: (n: number) => [0x41, ...sleb(n)],
  i32Eqz: [0x45],
  i32LtU: [0x49],
  i32Add: [0x6a],
  i32Shl: [0x74],
  // 0xfd: the SIMD prefix, then the instruction number as unsigned LEB128.
  v128Load8x8S: (offset: number) => [0xfd, 0x01, 3, ...uleb(offset)],
  v128Zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  i32x4ExtractLane: (lane: number) => [0xfd, 0x1b, lane],
  i32x4Add: [0xfd, ...uleb(0xae)],
  i32x4DotI16x8S: [0xfd, ...uleb(0xba)],
};

function dotsModule(): Uint8Array<ArrayBuffer> {
  // Parameters 0..4, then locals: 5 end of out, 6 query pointer, 7 end of the row, 8 and 9 two accumulators.
  const [ROWS, QUERY, OUT, COUNT, STRIDE, OUT_END, Q, ROW_END, ACC0, ACC1] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
  // acc += dot(row[offset..+8] as i16x8, query[offset..+8] as i16x8)
  const step = (acc: number, offset: number) => [
    ...op.get(acc),
    ...op.get(ROWS),
    ...op.v128Load8x8S(offset),
    ...op.get(Q),
    ...op.v128Load8x8S(offset),
    ...op.i32x4DotI16x8S,
    ...op.i32x4Add,
    ...op.set(acc),
  ];
  const body = [
    ...op.block,
    ...op.get(COUNT),
    ...op.i32Eqz,
    ...op.brIf(0),
    ...[...op.get(OUT), ...op.get(COUNT), ...op.i32Const(2), ...op.i32Shl, ...op.i32Add, ...op.set(OUT_END)],
    ...op.loop, // one row
    ...[...op.v128Zero, ...op.set(ACC0), ...op.v128Zero, ...op.set(ACC1)],
    ...[...op.get(QUERY), ...op.set(Q)],
    ...[...op.get(ROWS), ...op.get(STRIDE), ...op.i32Add, ...op.set(ROW_END)],
    ...op.loop, // 32 bytes of it
    ...[...step(ACC0, 0), ...step(ACC1, 8), ...step(ACC0, 16), ...step(ACC1, 24)],
    ...[...op.get(Q), ...op.i32Const(32), ...op.i32Add, ...op.set(Q)],
    ...[...op.get(ROWS), ...op.i32Const(32), ...op.i32Add, ...op.tee(ROWS), ...op.get(ROW_END), ...op.i32LtU, ...op.brIf(0)],
    ...op.end,
    // out[row] = the four lanes of acc0 + acc1, added
    ...op.get(OUT),
    ...[...op.get(ACC0), ...op.get(ACC1), ...op.i32x4Add, ...op.tee(ACC0)],
    ...[...op.i32x4ExtractLane(0), ...op.get(ACC0), ...op.i32x4ExtractLane(1), ...op.i32Add],
    ...[...op.get(ACC0), ...op.i32x4ExtractLane(2), ...op.get(ACC0), ...op.i32x4ExtractLane(3), ...op.i32Add, ...op.i32Add],
    ...op.i32Store,
    ...[...op.get(OUT), ...op.i32Const(4), ...op.i32Add, ...op.tee(OUT), ...op.get(OUT_END), ...op.i32LtU, ...op.brIf(0)],
    ...op.end,
    ...op.end,
    ...op.end,
  ];
  const func = [
    ...vector([
      [...uleb(3), I32],
      [...uleb(2), V128],
    ]),
    ...body,
  ];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector([[0x60, ...vector([[I32], [I32], [I32], [I32], [I32]]), ...vector([])]])),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x00]])),
    ...section(3, vector([[0]])),
    ...section(7, vector([[...name('dots'), 0x00, 0]])),
    ...section(10, vector([[...uleb(func.length), ...func]])),
  ]);
}

export type DotsKernel = (rows: number, query: number, out: number, count: number, stride: number) => void;

/** The part of the WebAssembly API used here (the project's `lib` has no DOM types, where its declarations live). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  validate(bytes: Uint8Array<ArrayBuffer>): boolean;
  Module: new (bytes: Uint8Array<ArrayBuffer>) => object;
  Instance: new (module: object, imports: { env: { memory: WasmMemory } }) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;

/** The compiled kernel, or null where WebAssembly SIMD is missing (the caller then scans in JavaScript). */
function kernelModule(): object | null {
  if (compiled === undefined) {
    const bytes = dotsModule();
    compiled = wasm?.validate(bytes) ? new wasm.Module(bytes) : null;
  }
  return compiled;
}

export const simdAvailable = (): boolean => kernelModule() !== null;

/** A memory of `pages` 64 KiB pages that cannot grow (growing would detach the views on it). */
export function wasmMemory(pages: number): WasmMemory | null {
  return simdAvailable() && wasm ? new wasm.Memory({ initial: pages, maximum: pages }) : null;
}

/** A kernel over a memory of its own, or null without WebAssembly SIMD. */
export function int8Dots(memory: WasmMemory): DotsKernel | null {
  const module = kernelModule();
  if (!module || !wasm) return null;
  return new wasm.Instance(module, { env: { memory } }).exports.dots as DotsKernel;
}

import { writeFile } from 'node:fs/promises';

/** GGUF metadata value types (gguf.h). */
const T = { UINT32: 4, INT32: 5, FLOAT32: 6, BOOL: 7, STRING: 8, ARRAY: 9 } as const;
/** ggml tensor types we write. */
export const GgmlType = { F32: 0, Q4_0: 2 } as const;

export type GgufValue =
  { u32: number } | { f32: number } | { bool: boolean } | { str: string } | { strs: string[] } | { f32s: number[] } | { i32s: number[] };

export interface GgufTensor {
  name: string;
  /** ggml order: dims[0] is the contiguous (row) dimension. */
  dims: number[];
  type: (typeof GgmlType)[keyof typeof GgmlType];
  data: Uint8Array;
}

const ALIGNMENT = 32;

class ByteSink {
  private chunks: Buffer[] = [];
  length = 0;
  push(b: Buffer): void {
    this.chunks.push(b);
    this.length += b.length;
  }
  /** A little-endian number of `size` bytes, written by `write`. */
  private fixed(size: number, write: (b: Buffer) => unknown): void {
    const b = Buffer.alloc(size);
    write(b);
    this.push(b);
  }
  u32(v: number): void {
    this.fixed(4, (b) => b.writeUInt32LE(v));
  }
  i32(v: number): void {
    this.fixed(4, (b) => b.writeInt32LE(v));
  }
  u64(v: number): void {
    this.fixed(8, (b) => b.writeBigUInt64LE(BigInt(v)));
  }
  f32(v: number): void {
    this.fixed(4, (b) => b.writeFloatLE(v));
  }
  str(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.push(b);
  }
  pad(): void {
    const rest = this.length % ALIGNMENT;
    if (rest) this.push(Buffer.alloc(ALIGNMENT - rest));
  }
  concat(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function writeValue(sink: ByteSink, value: GgufValue): void {
  if ('u32' in value) return (sink.u32(T.UINT32), sink.u32(value.u32));
  if ('f32' in value) return (sink.u32(T.FLOAT32), sink.f32(value.f32));
  if ('bool' in value) return (sink.u32(T.BOOL), sink.push(Buffer.from([value.bool ? 1 : 0])));
  if ('str' in value) return (sink.u32(T.STRING), sink.str(value.str));
  sink.u32(T.ARRAY);
  if ('strs' in value) {
    sink.u32(T.STRING);
    sink.u64(value.strs.length);
    for (const s of value.strs) sink.str(s);
  } else if ('f32s' in value) {
    sink.u32(T.FLOAT32);
    sink.u64(value.f32s.length);
    for (const f of value.f32s) sink.f32(f);
  } else {
    sink.u32(T.INT32);
    sink.u64(value.i32s.length);
    for (const i of value.i32s) sink.i32(i);
  }
}

/** Serialises a GGUF v3 file: header, metadata, tensor infos, aligned tensor data. */
export function encodeGguf(metadata: Record<string, GgufValue>, tensors: GgufTensor[]): Buffer {
  const sink = new ByteSink();
  sink.push(Buffer.from('GGUF', 'ascii'));
  sink.u32(3);
  sink.u64(tensors.length);
  sink.u64(Object.keys(metadata).length);
  for (const [key, value] of Object.entries(metadata)) {
    sink.str(key);
    writeValue(sink, value);
  }
  let offset = 0;
  for (const t of tensors) {
    sink.str(t.name);
    sink.u32(t.dims.length);
    for (const d of t.dims) sink.u64(d);
    sink.u32(t.type);
    sink.u64(offset);
    offset += Math.ceil(t.data.length / ALIGNMENT) * ALIGNMENT;
  }
  sink.pad();
  for (const t of tensors) {
    sink.push(Buffer.from(t.data));
    sink.pad();
  }
  return sink.concat();
}

export async function writeGguf(path: string, metadata: Record<string, GgufValue>, tensors: GgufTensor[]): Promise<number> {
  const bytes = encodeGguf(metadata, tensors);
  await writeFile(path, bytes);
  return bytes.length;
}

/** IEEE 754 half precision, round-to-nearest; enough for Q4_0 block scales. */
export function toFloat16(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exp = ((bits >>> 23) & 0xff) - 127 + 15;
  const mant = bits & 0x7fffff;
  if (exp <= 0) return sign;
  if (exp >= 31) return sign | 0x7c00;
  return sign | (exp << 10) | Math.round(mant / 0x2000);
}

/** A Q4_0 tensor: per 32 values one f16 scale then 16 bytes of nibbles (low nibbles first half). */
export function randomQ4_0(rowLength: number, rows: number, random: () => number, scale: number): Uint8Array {
  if (rowLength % 32 !== 0) throw new Error(`Q4_0 rows must be a multiple of 32, got ${rowLength}`);
  const blocks = (rowLength / 32) * rows;
  const out = Buffer.alloc(blocks * 18);
  for (let b = 0; b < blocks; b++) {
    out.writeUInt16LE(toFloat16(scale * (0.5 + random())), b * 18);
    for (let i = 0; i < 16; i++) out[b * 18 + 2 + i] = Math.floor(random() * 256);
  }
  return out;
}

export function f32Tensor(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

/** The project's seeded PRNG, so the demo model is byte-identical on every machine. */
export { mulberry32 as seededRandom } from '@helpdesk/config/random';

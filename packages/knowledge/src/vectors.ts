/** Float32 little-endian, the layout KnowledgeChunk.embedding stores. */
export function vectorToBytes(vector: Float32Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(new ArrayBuffer(vector.length * 4));
  const view = new DataView(out.buffer);
  vector.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function bytesToVector(bytes: Uint8Array): Float32Array {
  const length = Math.floor(bytes.byteLength / 4);
  // The stored layout is the machine's own on little-endian hosts (all that Node runs on in practice): one copy.
  if (littleEndian) return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + length * 4));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(length);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

export function normalize(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm);
  return norm > 0 ? vector.map((v) => v / norm) : vector;
}

/** normalize() written into a row of a matrix: the same arithmetic, so the same Float32 values. */
export function normalizeInto(vector: Float32Array, into: Float32Array, at: number): void {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  norm = Math.sqrt(norm);
  for (let i = 0; i < vector.length; i++) into[at + i] = norm > 0 ? vector[i]! / norm : vector[i]!;
}

/** Both sides already normalised: the dot product is the cosine. */
export function cosine(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  let dot = 0;
  for (let i = 0; i < n; i++) dot += a[i]! * b[i]!;
  return dot;
}

import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import type { TextClassifier } from './classifier';

const MAGIC = 'HDC1';

const headerSchema = z.object({
  labels: z.array(z.string()),
  outOfScopeLabel: z.string().nullable(),
  temperature: z.number(),
  oosThreshold: z.number(),
  minScore: z.number(),
  // Absent on versions stored before cross-fitting: they keep their legacy floors.
  inScopeFloor: z.number().nullable().default(null),
  settleThreshold: z.number().nullable().default(null),
  crossFit: z
    .object({
      folds: z.number(),
      accuracy: z.number(),
      ece: z.number(),
      settledCoverage: z.number(),
      settledAccuracy: z.number(),
      blend: z.object({ smoothing: z.number(), weight: z.number() }).optional(),
    })
    .nullable()
    .default(null),
  features: z.object({
    hashBits: z.number(),
    charMin: z.number(),
    charMax: z.number(),
    wordBigrams: z.boolean(),
    // Versions stored before skip-bigrams used plain bigrams only.
    wordSkip: z.number().int().default(1),
    charSpan: z.enum(['word', 'text']).default('word'),
    wordWeight: z.number(),
    minDf: z.number(),
    // Versions stored before the text normalisation changed have none: they keep the first one.
    textVersion: z.number().int().default(1),
  }),
  featureCount: z.number().int(),
});

/**
 * Layout (gzipped): magic, header length, JSON header, then buckets (int32), idf and bias (float32),
 * per-class scales (float32) and weights quantised to int16 per class, which keeps argmax and
 * probabilities within rounding of the float model at a quarter of the size.
 */
export function serializeClassifier(c: TextClassifier): Buffer {
  const F = c.model.features;
  const K = c.model.classes;
  const header = Buffer.from(
    JSON.stringify({
      labels: c.labels,
      outOfScopeLabel: c.outOfScopeLabel,
      temperature: c.temperature,
      oosThreshold: c.oosThreshold,
      minScore: c.minScore,
      inScopeFloor: c.inScopeFloor,
      settleThreshold: c.settleThreshold,
      crossFit: c.crossFit,
      features: c.space.options,
      featureCount: F,
    }),
  );
  const pad = (4 - ((8 + header.length) % 4)) % 4;
  const scales = new Float32Array(K);
  for (let i = 0; i < F * K; i++) scales[i % K] = Math.max(scales[i % K]!, Math.abs(c.model.weights[i]!));
  for (let k = 0; k < K; k++) scales[k] = scales[k]! / 32767 || 1;
  const q = new Int16Array(F * K);
  for (let i = 0; i < F * K; i++) q[i] = Math.round(c.model.weights[i]! / scales[i % K]!);
  const lead = Buffer.alloc(8 + header.length + pad);
  lead.write(MAGIC, 0, 'latin1');
  lead.writeUInt32LE(header.length, 4);
  header.copy(lead, 8);
  const parts = [c.space.buckets, c.space.idf, c.model.bias, scales, q].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  return gzipSync(Buffer.concat([lead, ...parts]), { level: 6 });
}

export function deserializeClassifier(bytes: Uint8Array): TextClassifier {
  const raw = gunzipSync(bytes);
  if (raw.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a classifier weights blob');
  const headerLength = raw.readUInt32LE(4);
  const header = headerSchema.parse(JSON.parse(raw.toString('utf8', 8, 8 + headerLength)));
  let offset = 8 + headerLength + ((4 - ((8 + headerLength) % 4)) % 4);
  const F = header.featureCount;
  const K = header.labels.length;
  // Copy out of the gunzip buffer so every typed array starts on an aligned offset of its own.
  const take = (bytesLength: number) => {
    const slice = new Uint8Array(bytesLength);
    slice.set(raw.subarray(offset, offset + bytesLength));
    offset += bytesLength;
    return slice.buffer;
  };
  const buckets = new Int32Array(take(F * 4));
  const idf = new Float32Array(take(F * 4));
  const bias = new Float32Array(take(K * 4));
  const scales = new Float32Array(take(K * 4));
  const q = new Int16Array(take(F * K * 2));
  const weights = new Float32Array(F * K);
  for (let i = 0; i < F * K; i++) weights[i] = q[i]! * scales[i % K]!;
  return {
    labels: header.labels,
    outOfScopeLabel: header.outOfScopeLabel,
    temperature: header.temperature,
    oosThreshold: header.oosThreshold,
    minScore: header.minScore,
    inScopeFloor: header.inScopeFloor,
    settleThreshold: header.settleThreshold,
    crossFit: header.crossFit,
    space: { options: header.features, buckets, idf },
    model: { features: F, classes: K, weights, bias },
  };
}

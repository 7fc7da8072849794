import { mulberry32 } from '@helpdesk/config/random';

/**
 * Synthetic embeddings for the retrieval benchmark and tests, reproducible from a seed. `uniform`: unit vectors in
 * random directions (every pair nearly orthogonal, the hardest case for a search that prunes). `clustered`: shaped
 * like a real embedding model's, where unrelated texts are far from orthogonal: each vector is a common direction
 * (weight² 0.4), its topic's direction (0.35) and its own noise (0.25), so unrelated chunks score about 0.4, chunks
 * of the query's topic about 0.75, and a topic has about 20 chunks (a few articles).
 */
export type SyntheticKind = 'clustered' | 'uniform';

const CHUNKS_PER_TOPIC = 20;
const [COMMON, TOPIC, NOISE] = [Math.sqrt(0.4), Math.sqrt(0.35), Math.sqrt(0.25)];

export interface SyntheticSet {
  vectors: Float32Array[];
  /** Queries drawn like the vectors (a topic's direction plus their own noise). */
  queries: Float32Array[];
}

export function syntheticVectors(kind: SyntheticKind, count: number, queries: number, dimensions: number, seed: number): SyntheticSet {
  const random = mulberry32(seed);
  // Uniform components, normalised: cheaper than Gaussian ones, and as good a random direction at these dimensions.
  const unit = () => {
    const v = new Float64Array(dimensions);
    let norm = 0;
    for (let d = 0; d < dimensions; d++) norm += (v[d] = random() * 2 - 1) ** 2;
    norm = Math.sqrt(norm);
    for (let d = 0; d < dimensions; d++) v[d]! /= norm;
    return v;
  };
  const toFloat32 = (v: Float64Array) => {
    let norm = 0;
    for (let d = 0; d < dimensions; d++) norm += v[d]! * v[d]!;
    norm = Math.sqrt(norm);
    const out = new Float32Array(dimensions);
    for (let d = 0; d < dimensions; d++) out[d] = v[d]! / norm;
    return out;
  };
  if (kind === 'uniform') {
    const draw = () => toFloat32(unit());
    return { vectors: Array.from({ length: count }, draw), queries: Array.from({ length: queries }, draw) };
  }
  const common = unit();
  const topics = Array.from({ length: Math.max(1, Math.round(count / CHUNKS_PER_TOPIC)) }, unit);
  const draw = () => {
    const topic = topics[Math.floor(random() * topics.length)]!;
    const noise = unit();
    for (let d = 0; d < dimensions; d++) noise[d] = COMMON * common[d]! + TOPIC * topic[d]! + NOISE * noise[d]!;
    return toFloat32(noise);
  };
  return { vectors: Array.from({ length: count }, draw), queries: Array.from({ length: queries }, draw) };
}

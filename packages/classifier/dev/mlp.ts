import { mulberry32, shuffleInPlace } from '../src/linear-model';
import type { SparseVector } from '../src/text-features';

export interface Mlp {
  features: number;
  hidden: number;
  classes: number;
  w1: Float32Array; // feature-major: w1[f * H + h]
  b1: Float32Array;
  w2: Float32Array; // hidden-major: w2[h * K + k]
  b2: Float32Array;
}

/** One hidden ReLU layer over the sparse TF-IDF vector, softmax output, Adagrad, dropout on the hidden layer. */
export function trainMlp(
  xs: SparseVector[],
  ys: Int32Array,
  features: number,
  classes: number,
  opts: { hidden: number; epochs: number; lr: number; dropout: number; seed: number; l2?: number },
): Mlp {
  const H = opts.hidden;
  const K = classes;
  const random = mulberry32(opts.seed);
  const w1 = new Float32Array(features * H);
  const a1 = 1.0;
  for (let i = 0; i < w1.length; i++) w1[i] = (random() * 2 - 1) * a1;
  const b1 = new Float32Array(H).fill(0.01);
  const w2 = new Float32Array(H * K);
  const a2 = Math.sqrt(6 / (H + K));
  for (let i = 0; i < w2.length; i++) w2[i] = (random() * 2 - 1) * a2;
  const b2 = new Float32Array(K);
  const g1 = new Float32Array(features * H).fill(1e-8);
  const gb1 = new Float32Array(H).fill(1e-8);
  const g2 = new Float32Array(H * K).fill(1e-8);
  const gb2 = new Float32Array(K).fill(1e-8);
  const h = new Float32Array(H);
  const mask = new Float32Array(H);
  const out = new Float32Array(K);
  const dh = new Float32Array(H);
  const order = new Int32Array(xs.length).map((_, i) => i);
  const keep = 1 - opts.dropout;
  const l2 = opts.l2 ?? 0;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (let o = 0; o < order.length; o++) {
      const n = order[o]!;
      const x = xs[n]!;
      const y = ys[n]!;
      for (let j = 0; j < H; j++) h[j] = b1[j]!;
      for (let i = 0; i < x.idx.length; i++) {
        const base = x.idx[i]! * H;
        const v = x.val[i]!;
        for (let j = 0; j < H; j++) h[j]! += v * w1[base + j]!;
      }
      for (let j = 0; j < H; j++) {
        mask[j] = h[j]! > 0 && random() < keep ? 1 / keep : 0;
        h[j] = h[j]! * mask[j]!;
      }
      let max = -Infinity;
      for (let k = 0; k < K; k++) out[k] = b2[k]!;
      for (let j = 0; j < H; j++) {
        const hv = h[j]!;
        if (hv === 0) continue;
        const base = j * K;
        for (let k = 0; k < K; k++) out[k]! += hv * w2[base + k]!;
      }
      for (let k = 0; k < K; k++) max = Math.max(max, out[k]!);
      let sum = 0;
      for (let k = 0; k < K; k++) {
        out[k] = Math.exp(out[k]! - max);
        sum += out[k]!;
      }
      for (let k = 0; k < K; k++) out[k] = out[k]! / sum;
      out[y] = out[y]! - 1; // dL/dlogits
      for (let j = 0; j < H; j++) {
        let s = 0;
        const base = j * K;
        const hv = h[j]!;
        for (let k = 0; k < K; k++) {
          s += out[k]! * w2[base + k]!;
          if (hv !== 0) {
            const g = out[k]! * hv + l2 * w2[base + k]!;
            g2[base + k]! += g * g;
            w2[base + k]! -= (opts.lr * g) / Math.sqrt(g2[base + k]!);
          }
        }
        dh[j] = s * mask[j]!;
      }
      for (let k = 0; k < K; k++) {
        gb2[k]! += out[k]! * out[k]!;
        b2[k]! -= (opts.lr * out[k]!) / Math.sqrt(gb2[k]!);
      }
      for (let j = 0; j < H; j++) {
        const g = dh[j]!;
        if (g === 0) continue;
        gb1[j]! += g * g;
        b1[j]! -= (opts.lr * g) / Math.sqrt(gb1[j]!);
      }
      for (let i = 0; i < x.idx.length; i++) {
        const base = x.idx[i]! * H;
        const v = x.val[i]!;
        for (let j = 0; j < H; j++) {
          const g = dh[j]! * v;
          if (g === 0) continue;
          g1[base + j]! += g * g;
          w1[base + j]! -= (opts.lr * g) / Math.sqrt(g1[base + j]!);
        }
      }
    }
  }
  return { features, hidden: H, classes, w1, b1, w2, b2 };
}

export function mlpScores(m: Mlp, x: SparseVector, out: Float32Array): void {
  const H = m.hidden;
  const K = m.classes;
  const h = new Float32Array(H);
  for (let j = 0; j < H; j++) h[j] = m.b1[j]!;
  for (let i = 0; i < x.idx.length; i++) {
    const base = x.idx[i]! * H;
    const v = x.val[i]!;
    for (let j = 0; j < H; j++) h[j]! += v * m.w1[base + j]!;
  }
  for (let k = 0; k < K; k++) out[k] = m.b2[k]!;
  for (let j = 0; j < H; j++) {
    if (h[j]! <= 0) continue;
    const base = j * K;
    for (let k = 0; k < K; k++) out[k]! += h[j]! * m.w2[base + k]!;
  }
}

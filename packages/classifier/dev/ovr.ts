import { mulberry32, shuffleInPlace, type LinearModel } from '../src/linear-model';
import type { SparseVector } from '../src/text-features';

/** One-vs-rest L2-regularised squared-hinge SVM by dual coordinate descent (liblinear's solver 1). */
export function trainOvrSvm(
  xs: SparseVector[],
  ys: Int32Array,
  features: number,
  classes: number,
  opts: { c: number; epochs: number; seed: number; biasValue?: number; loss?: 'l2' | 'l1' },
): LinearModel {
  const K = classes;
  const n = xs.length;
  const B = opts.biasValue ?? 1;
  const weights = new Float32Array(features * K);
  const bias = new Float32Array(K);
  const l1 = opts.loss === 'l1';
  const D = l1 ? 0 : 1 / (2 * opts.c);
  const U = l1 ? opts.c : Infinity;
  const qd = new Float64Array(n);
  xs.forEach((x, i) => {
    let s = B * B + D;
    for (let j = 0; j < x.val.length; j++) s += x.val[j]! * x.val[j]!;
    qd[i] = s;
  });
  const w = new Float64Array(features);
  const alpha = new Float64Array(n);
  const order = new Int32Array(n);
  const random = mulberry32(opts.seed);
  for (let k = 0; k < K; k++) {
    w.fill(0);
    alpha.fill(0);
    let b = 0;
    for (let i = 0; i < n; i++) order[i] = i;
    for (let epoch = 0; epoch < opts.epochs; epoch++) {
      shuffleInPlace(order, random);
      let maxPg = 0;
      for (let o = 0; o < n; o++) {
        const i = order[o]!;
        const x = xs[i]!;
        const y = ys[i] === k ? 1 : -1;
        let dot = b * B;
        for (let j = 0; j < x.idx.length; j++) dot += w[x.idx[j]!]! * x.val[j]!;
        const a = alpha[i]!;
        const g = y * dot - 1 + D * a;
        let pg = g;
        if (a === 0) pg = Math.min(g, 0);
        else if (a === U) pg = Math.max(g, 0);
        if (Math.abs(pg) > maxPg) maxPg = Math.abs(pg);
        if (pg !== 0) {
          const na = Math.min(Math.max(a - g / qd[i]!, 0), U);
          const d = (na - a) * y;
          alpha[i] = na;
          for (let j = 0; j < x.idx.length; j++) w[x.idx[j]!]! += d * x.val[j]!;
          b += d * B;
        }
      }
      if (maxPg < 0.01) break;
    }
    for (let f = 0; f < features; f++) weights[f * K + k] = w[f]!;
    bias[k] = b * B;
  }
  return { features, classes, weights, bias };
}

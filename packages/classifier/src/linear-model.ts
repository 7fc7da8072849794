import { mulberry32 } from '@helpdesk/config/random';
import type { SparseVector } from './text-features';

/**
 * A multiclass linear model over sparse features, trained by SGD in typed arrays. Weights are stored
 * feature-major (w[feature * classes + k]) so one sample's update touches contiguous memory.
 */
export interface LinearModel {
  features: number;
  classes: number;
  weights: Float32Array;
  bias: Float32Array;
}

export interface TrainOptions {
  loss: 'softmax' | 'hinge';
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Per-class weight on the loss, e.g. to stress a rare out-of-scope class. */
  classWeights?: Float32Array;
  onEpoch?: (epoch: number) => void;
}

export const defaultTrainOptions: TrainOptions = { loss: 'softmax', epochs: 12, learningRate: 0.5, l2: 1e-6, seed: 7 };

export { mulberry32 };

export function shuffleInPlace<T>(items: T[] | Int32Array, random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
}

export function scoresInto(model: LinearModel, x: SparseVector, out: Float32Array, scale = 1): void {
  const K = model.classes;
  const w = model.weights;
  for (let k = 0; k < K; k++) out[k] = 0;
  for (let i = 0; i < x.idx.length; i++) {
    const base = x.idx[i]! * K;
    const v = x.val[i]!;
    for (let k = 0; k < K; k++) out[k]! += v * w[base + k]!;
  }
  for (let k = 0; k < K; k++) out[k] = out[k]! * scale + model.bias[k]!;
}

export function softmaxInPlace(scores: Float32Array | Float64Array, temperature = 1): void {
  let max = -Infinity;
  for (let k = 0; k < scores.length; k++) max = Math.max(max, scores[k]! / temperature);
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    const e = Math.exp(scores[k]! / temperature - max);
    scores[k] = e;
    sum += e;
  }
  for (let k = 0; k < scores.length; k++) scores[k] = scores[k]! / sum;
}

export function trainLinearModel(
  xs: SparseVector[],
  ys: Int32Array,
  features: number,
  classes: number,
  options: TrainOptions,
): LinearModel {
  const K = classes;
  const model: LinearModel = { features, classes, weights: new Float32Array(features * K), bias: new Float32Array(K) };
  const w = model.weights;
  const random = mulberry32(options.seed);
  const order = new Int32Array(xs.length).map((_, i) => i);
  const s = new Float32Array(K);
  const total = options.epochs * xs.length;
  // L2 decay is applied by shrinking a global scale instead of touching every weight each step.
  let scale = 1;
  let step = 0;
  // Averaging the end-of-epoch weights over the second half of training smooths SGD's last noisy steps.
  const averageFrom = Math.floor(options.epochs / 2);
  const sumW = new Float32Array(w.length);
  const sumB = new Float32Array(K);
  let averaged = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffleInPlace(order, random);
    for (let o = 0; o < order.length; o++) {
      const n = order[o]!;
      const x = xs[n]!;
      const y = ys[n]!;
      const lr = options.learningRate * Math.max(0.02, 1 - step / total);
      step++;
      const cw = options.classWeights ? options.classWeights[y]! : 1;
      scale *= 1 - lr * options.l2;
      if (scale < 1e-6) {
        for (let i = 0; i < w.length; i++) w[i] = w[i]! * scale;
        scale = 1;
      }
      scoresInto(model, x, s, scale);
      const eta = (lr * cw) / scale;
      if (options.loss === 'softmax') {
        softmaxInPlace(s);
        s[y] = s[y]! - 1;
        for (let i = 0; i < x.idx.length; i++) {
          const base = x.idx[i]! * K;
          const v = x.val[i]! * eta;
          for (let k = 0; k < K; k++) w[base + k]! -= v * s[k]!;
        }
        for (let k = 0; k < K; k++) model.bias[k]! -= lr * cw * s[k]! * 0.1;
      } else {
        let rival = -1;
        let best = -Infinity;
        for (let k = 0; k < K; k++) {
          if (k !== y && s[k]! > best) {
            best = s[k]!;
            rival = k;
          }
        }
        if (rival >= 0 && best + 1 > s[y]!) {
          for (let i = 0; i < x.idx.length; i++) {
            const base = x.idx[i]! * K;
            const v = x.val[i]! * eta;
            w[base + y]! += v;
            w[base + rival]! -= v;
          }
          model.bias[y]! += lr * cw * 0.1;
          model.bias[rival]! -= lr * cw * 0.1;
        }
      }
    }
    if (epoch >= averageFrom) {
      for (let i = 0; i < w.length; i++) sumW[i]! += w[i]! * scale;
      for (let k = 0; k < K; k++) sumB[k]! += model.bias[k]!;
      averaged++;
    }
    options.onEpoch?.(epoch + 1);
  }
  for (let i = 0; i < w.length; i++) w[i] = sumW[i]! / averaged;
  for (let k = 0; k < K; k++) model.bias[k] = sumB[k]! / averaged;
  return model;
}

/**
 * Multinomial naive Bayes over the same (TF-IDF) features, as a linear model: w[f,k] = log P(f | k) with
 * additive smoothing, bias = log prior, each centred across classes. Counting is one pass, so it costs
 * nothing next to SGD; its errors differ from the hinge model's on short texts, which is why a little of it
 * added to the hinge scores helps.
 */
export function naiveBayesModel(xs: SparseVector[], ys: Int32Array, features: number, classes: number, smoothing: number): LinearModel {
  const K = classes;
  const weights = new Float32Array(features * K);
  const mass = new Float64Array(K);
  const counts = new Float64Array(K);
  xs.forEach((x, n) => {
    const y = ys[n]!;
    counts[y]!++;
    for (let i = 0; i < x.idx.length; i++) {
      weights[x.idx[i]! * K + y]! += x.val[i]!;
      mass[y]! += x.val[i]!;
    }
  });
  const logNorm = Float64Array.from(mass, (m) => Math.log(m + smoothing * features));
  const row = new Float64Array(K);
  for (let f = 0; f < features; f++) {
    let mean = 0;
    for (let k = 0; k < K; k++) {
      row[k] = Math.log(weights[f * K + k]! + smoothing) - logNorm[k]!;
      mean += row[k]! / K;
    }
    // Centred across classes (as the hinge updates are): softmax and argmax do not change, but the scores
    // then no longer fall with the number of features a text has, which the out-of-scope energy would read
    // as "unlike every intent".
    for (let k = 0; k < K; k++) weights[f * K + k] = row[k]! - mean;
  }
  const bias = Float32Array.from(counts, (c) => Math.log((c + 1) / (xs.length + K)));
  const meanBias = bias.reduce((s, b) => s + b, 0) / K;
  return { features, classes, weights, bias: bias.map((b) => b - meanBias) };
}

/** The linear model whose scores are a's plus `weight` times b's (both over the same features). */
export function blendModels(a: LinearModel, b: LinearModel, weight: number): LinearModel {
  return {
    features: a.features,
    classes: a.classes,
    weights: a.weights.map((w, i) => w + weight * b.weights[i]!),
    bias: a.bias.map((w, i) => w + weight * b.bias[i]!),
  };
}

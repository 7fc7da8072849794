import { softmaxInPlace } from './linear-model';

/** Mean negative log-likelihood of the true classes after softmax at a temperature. */
function nll(scores: Float32Array[], ys: Int32Array, temperature: number): number {
  let total = 0;
  for (let n = 0; n < scores.length; n++) {
    const p = Float64Array.from(scores[n]!);
    softmaxInPlace(p, temperature);
    total -= Math.log(Math.max(p[ys[n]!]!, 1e-12));
  }
  return total / Math.max(1, scores.length);
}

/**
 * Temperature scaling: one scalar that turns raw margins into calibrated probabilities, fitted on labels
 * the model did not train on. A log-spaced scan then golden-section refinement is enough for one variable.
 */
export function fitTemperature(scores: Float32Array[], ys: Int32Array): number {
  if (scores.length === 0) return 1;
  let best = 1;
  let bestLoss = Infinity;
  for (let e = -3; e <= 2; e += 0.25) {
    const t = 10 ** e;
    const loss = nll(scores, ys, t);
    if (loss < bestLoss) {
      bestLoss = loss;
      best = t;
    }
  }
  let lo = best / 10 ** 0.25;
  let hi = best * 10 ** 0.25;
  const g = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 30; i++) {
    const a = hi - g * (hi - lo);
    const b = lo + g * (hi - lo);
    if (nll(scores, ys, a) < nll(scores, ys, b)) hi = b;
    else lo = a;
  }
  return (lo + hi) / 2;
}

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  confidence: number;
  accuracy: number;
}

/** Expected calibration error over equal-width confidence bins, with the bins for a reliability diagram. */
export function expectedCalibrationError(confidences: number[], correct: boolean[], bins = 15): { ece: number; bins: ReliabilityBin[] } {
  const out: ReliabilityBin[] = Array.from({ length: bins }, (_, i) => ({
    lower: i / bins,
    upper: (i + 1) / bins,
    count: 0,
    confidence: 0,
    accuracy: 0,
  }));
  confidences.forEach((c, i) => {
    const bin = out[Math.min(bins - 1, Math.floor(c * bins))]!;
    bin.count++;
    bin.confidence += c;
    bin.accuracy += correct[i] ? 1 : 0;
  });
  let ece = 0;
  for (const bin of out) {
    if (bin.count === 0) continue;
    bin.confidence /= bin.count;
    bin.accuracy /= bin.count;
    ece += (bin.count / Math.max(1, confidences.length)) * Math.abs(bin.accuracy - bin.confidence);
  }
  return { ece, bins: out };
}

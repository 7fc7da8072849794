import { fitTemperature } from './calibration';
import { defaultTrainOptions, mulberry32, scoresInto, shuffleInPlace, softmaxInPlace, trainLinearModel, type LinearModel, type TrainOptions } from './linear-model';
import { defaultFeatureOptions, fitFeatureSpace, vectorize, type FeatureOptions, type FeatureSpace } from './text-features';
import type { Example } from './datasets';

export interface Prediction {
  ranked: { key: string; prob: number }[];
  confidence: number;
  outOfScope: boolean;
}

export interface TextClassifier {
  labels: string[];
  /** A label that means "none of the intents" (e.g. CLINC's oos); never reported as a ranked key. */
  outOfScopeLabel: string | null;
  space: FeatureSpace;
  model: LinearModel;
  temperature: number;
  /** Below this calibrated top probability an item counts as out of scope. */
  oosThreshold: number;
  /**
   * Below this raw top score an item counts as out of scope too: text unlike anything trained on scores
   * low on every class even when softmax makes one of them look likely.
   */
  minScore: number;
}

export interface ClassifierTrainOptions {
  features: FeatureOptions;
  train: Omit<TrainOptions, 'onEpoch' | 'classWeights'>;
  outOfScopeLabel: string | null;
  /** Share of the labels held back to fit the temperature and the out-of-scope threshold. */
  calibrationFraction: number;
  /** Retrain on every label after calibrating, keeping the fitted temperature and threshold. */
  refit: boolean;
  /** When there is no out-of-scope class, the share of held-back in-scope items allowed below the threshold. */
  oosQuantile: number;
  /** Out-of-scope recall the threshold aims for on held-back out-of-scope examples. */
  oosRecallTarget: number;
  /** Out-of-scope examples are few, so a larger share of them is held back to set the threshold. */
  oosCalibrationFraction: number;
  onProgress?: (done: number, total: number, phase: string) => void;
}

export const defaultClassifierOptions: ClassifierTrainOptions = {
  features: defaultFeatureOptions,
  train: { ...defaultTrainOptions, loss: 'hinge', epochs: 16, learningRate: 0.2, l2: 1e-6 },
  outOfScopeLabel: null,
  calibrationFraction: 0.1,
  refit: true,
  oosQuantile: 0.02,
  oosRecallTarget: 0.6,
  oosCalibrationFraction: 0.5,
};

/** Per label, the first `fraction` of a seeded shuffle goes to the held-back set (at least one when possible). */
export function stratifiedSplit<T extends { label: string }>(items: T[], fraction: number, seed: number): { fit: T[]; held: T[] } {
  const byLabel = new Map<string, T[]>();
  for (const item of items) byLabel.set(item.label, [...(byLabel.get(item.label) ?? []), item]);
  const random = mulberry32(seed);
  const fit: T[] = [];
  const held: T[] = [];
  for (const group of [...byLabel.keys()].sort().map((k) => byLabel.get(k)!)) {
    shuffleInPlace(group, random);
    const n = group.length >= 2 ? Math.max(1, Math.round(group.length * fraction)) : 0;
    held.push(...group.slice(0, n));
    fit.push(...group.slice(n));
  }
  return { fit, held };
}

function fitModel(examples: Example[], labels: string[], options: ClassifierTrainOptions, phase: string): { space: FeatureSpace; model: LinearModel } {
  const index = new Map(labels.map((l, i) => [l, i]));
  const space = fitFeatureSpace(examples.map((e) => e.text), options.features);
  const xs = examples.map((e) => vectorize(space, e.text));
  const ys = Int32Array.from(examples.map((e) => index.get(e.label)!));
  const model = trainLinearModel(xs, ys, space.buckets.length, labels.length, {
    ...options.train,
    onEpoch: (epoch) => options.onProgress?.(epoch, options.train.epochs, phase),
  });
  return { space, model };
}

export function rawScores(classifier: Pick<TextClassifier, 'space' | 'model'>, text: string): Float32Array {
  const out = new Float32Array(classifier.model.classes);
  scoresInto(classifier.model, vectorize(classifier.space, text), out);
  return out;
}

export function predict(classifier: TextClassifier, text: string): Prediction {
  const p = rawScores(classifier, text);
  const oosIndex = classifier.outOfScopeLabel === null ? -1 : classifier.labels.indexOf(classifier.outOfScopeLabel);
  let top = -Infinity;
  for (let k = 0; k < p.length; k++) if (k !== oosIndex) top = Math.max(top, p[k]!);
  softmaxInPlace(p, classifier.temperature);
  const ranked = classifier.labels
    .map((key, i) => ({ key, prob: p[i]! }))
    .filter((r) => r.key !== classifier.outOfScopeLabel)
    .sort((a, b) => b.prob - a.prob);
  const confidence = ranked[0]?.prob ?? 0;
  const oosWins = oosIndex >= 0 && p[oosIndex]! > confidence;
  return { ranked, confidence, outOfScope: oosWins || confidence < classifier.oosThreshold || top < classifier.minScore };
}

/**
 * With out-of-scope examples held back, the threshold keeps the most in-scope answers while still
 * catching `recallTarget` of the out-of-scope ones (or, when no threshold gets there, the best sum of
 * both); without them, it flags only the least confident tail of in-scope items.
 */
const NO_MIN_SCORE = -1e9;

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * q)] ?? 0;
}

function chooseOosThreshold(confidences: number[], inScopeCorrect: boolean[], isOos: boolean[], q: number, recallTarget: number): number {
  const oosCount = isOos.filter(Boolean).length;
  if (oosCount === 0) return quantile(confidences, q);
  const inCount = isOos.length - oosCount;
  let best = { t: 0, meets: false, inAcc: -1, sum: -1 };
  for (let t = 0; t <= 0.95; t += 0.005) {
    let inOk = 0;
    let oosOk = 0;
    confidences.forEach((c, i) => {
      if (isOos[i]) oosOk += c < t ? 1 : 0;
      else inOk += inScopeCorrect[i] && c >= t ? 1 : 0;
    });
    const inAcc = inOk / Math.max(1, inCount);
    const recall = oosOk / oosCount;
    const candidate = { t, meets: recall >= recallTarget, inAcc, sum: inAcc + recall };
    const better = candidate.meets !== best.meets ? candidate.meets : candidate.meets ? candidate.inAcc > best.inAcc : candidate.sum > best.sum;
    if (better) best = candidate;
  }
  return best.t;
}

export function trainClassifier(examples: Example[], opts: Partial<ClassifierTrainOptions> = {}): TextClassifier {
  const options = { ...defaultClassifierOptions, ...opts };
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length < 2) throw new Error('training needs at least two labels');
  const inScope = stratifiedSplit(examples.filter((e) => e.label !== options.outOfScopeLabel), options.calibrationFraction, options.train.seed);
  const oos = stratifiedSplit(examples.filter((e) => e.label === options.outOfScopeLabel), options.oosCalibrationFraction, options.train.seed);
  const fit = [...inScope.fit, ...oos.fit];
  const held = [...inScope.held, ...oos.held];
  const first = fitModel(fit, labels, options, 'fit');
  const index = new Map(labels.map((l, i) => [l, i]));
  const heldScores = held.map((e) => rawScores(first, e.text));
  const temperature = fitTemperature(heldScores, Int32Array.from(held.map((e) => index.get(e.label)!)));
  const draft: TextClassifier = { labels, outOfScopeLabel: options.outOfScopeLabel, ...first, temperature, oosThreshold: 0, minScore: NO_MIN_SCORE };
  const heldPredictions = held.map((e) => predict(draft, e.text));
  const oosThreshold = chooseOosThreshold(
    heldPredictions.map((p) => (p.outOfScope ? 0 : p.confidence)),
    heldPredictions.map((p, i) => p.ranked[0]?.key === held[i]!.label),
    held.map((e) => e.label === options.outOfScopeLabel),
    options.oosQuantile,
    options.oosRecallTarget,
  );
  // With real out-of-scope examples the class and the probability threshold do the job; the raw-score
  // floor is for taxonomies that have never seen one.
  const minScore = options.outOfScopeLabel === null ? quantile(heldScores.map((sc) => Math.max(...sc)), options.oosQuantile) : NO_MIN_SCORE;
  const final = options.refit && held.length > 0 ? fitModel(examples, labels, options, 'refit') : first;
  return { ...draft, ...final, oosThreshold, minScore };
}

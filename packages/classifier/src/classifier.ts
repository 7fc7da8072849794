import { expectedCalibrationError, fitTemperature } from './calibration';
import { defaultCascadeThresholds, type CascadeThresholds } from './cascade';
import {
  blendModels,
  defaultTrainOptions,
  mulberry32,
  naiveBayesModel,
  scoresInto,
  shuffleInPlace,
  softmaxInPlace,
  trainLinearModel,
  type LinearModel,
  type TrainOptions,
} from './linear-model';
import { defaultFeatureOptions, fitFeatureSpace, vectorize, type FeatureOptions, type FeatureSpace } from './text-features';
import type { Example } from './datasets';

export interface Prediction {
  ranked: { key: string; prob: number }[];
  confidence: number;
  outOfScope: boolean;
  /**
   * How much the text looks like the trained intents: the energy (temperature-scaled log-sum-exp) of the
   * in-scope scores. Out of scope below the model's `inScopeFloor`.
   */
  inScopeScore?: number;
  /** The cascade thresholds fitted with the model that made this prediction; `cascadeDecision` uses them. */
  thresholds?: CascadeThresholds;
}

/** What cross-fitting measured on out-of-fold predictions, after temperature scaling. */
export interface CrossFitSummary {
  folds: number;
  accuracy: number;
  ece: number;
  /** Share of the labels at or above the settle threshold, and their accuracy. */
  settledCoverage: number;
  settledAccuracy: number;
  /** The naive Bayes blend chosen on the out-of-fold predictions (weight 0: hinge model alone). */
  blend?: { smoothing: number; weight: number };
}

export interface TextClassifier {
  labels: string[];
  /** A label that means "none of the intents" (e.g. CLINC's oos); never reported as a ranked key. */
  outOfScopeLabel: string | null;
  space: FeatureSpace;
  model: LinearModel;
  temperature: number;
  /** Versions stored before cross-fitting: a calibrated top-probability floor (0 on newer versions). */
  oosThreshold: number;
  /** Versions stored before cross-fitting: a raw top-score floor (NO_MIN_SCORE on newer versions). */
  minScore: number;
  /** Below this in-scope score an item is out of scope; null on versions stored before it existed. */
  inScopeFloor: number | null;
  /** Lowest calibrated confidence at which cross-fitted predictions reached the settle accuracy; null when none did. */
  settleThreshold: number | null;
  crossFit: CrossFitSummary | null;
}

export interface ClassifierTrainOptions {
  features: FeatureOptions;
  train: Omit<TrainOptions, 'onEpoch' | 'classWeights'>;
  outOfScopeLabel: string | null;
  /**
   * Temperature, out-of-scope floor and settle threshold are fitted on out-of-fold predictions of this many
   * models, each trained exactly like the served one on the other folds; the served model then trains on
   * every label and keeps them.
   */
  folds: number;
  /** Share of in-scope labels (out of fold) allowed under the in-scope floor, i.e. flagged out of scope. */
  oosQuantile: number;
  /** Accuracy the cascade's settle threshold must keep on out-of-fold predictions. */
  settleAccuracy: number;
  /**
   * The served scores are hinge + weight × naive Bayes log-probabilities. Every (smoothing, weight) pair is
   * scored on the out-of-fold predictions and the most accurate one is kept (ties go to the earlier, i.e.
   * smaller, weight), so the blend is chosen inside the training labels. Weight 0 keeps the hinge model alone.
   */
  blend: { smoothings: number[]; weights: number[] };
  onProgress?: (done: number, total: number, phase: string) => void;
}

export const defaultClassifierOptions: ClassifierTrainOptions = {
  features: defaultFeatureOptions,
  train: { ...defaultTrainOptions, loss: 'hinge', epochs: 10, learningRate: 0.2, l2: 3e-5 },
  outOfScopeLabel: null,
  folds: 4,
  oosQuantile: 0.03,
  settleAccuracy: 0.97,
  blend: { smoothings: [0.01, 0.001], weights: [0, 0.005, 0.01, 0.02, 0.05] },
};

export const NO_MIN_SCORE = -1e9;

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

/** Fold of each item: every label is dealt round-robin over the folds after a seeded shuffle. */
export function stratifiedFolds(items: { label: string }[], folds: number, seed: number): Int32Array {
  const byLabel = new Map<string, number[]>();
  items.forEach((item, i) => {
    const group = byLabel.get(item.label);
    if (group) group.push(i);
    else byLabel.set(item.label, [i]);
  });
  const random = mulberry32(seed);
  const fold = new Int32Array(items.length);
  let offset = 0;
  for (const key of [...byLabel.keys()].sort()) {
    const group = byLabel.get(key)!;
    shuffleInPlace(group, random);
    // Rotating the start keeps small labels from all landing in the first folds.
    group.forEach((i, j) => (fold[i] = (j + offset) % folds));
    offset += group.length;
  }
  return fold;
}

type Base = Pick<TextClassifier, 'space' | 'model'>;

/**
 * The training procedure itself: the served model and every cross-fitting fold go through this. Returns
 * the hinge model and one naive Bayes model per smoothing, over one feature space, unblended.
 */
function fitBase(
  examples: Example[],
  index: Map<string, number>,
  classes: number,
  options: ClassifierTrainOptions,
  smoothings: number[],
  phase: string,
): Base & { bayes: LinearModel[] } {
  const space = fitFeatureSpace(
    examples.map((e) => e.text),
    options.features,
  );
  const xs = examples.map((e) => vectorize(space, e.text));
  const ys = Int32Array.from(examples.map((e) => index.get(e.label)!));
  const model = trainLinearModel(xs, ys, space.buckets.length, classes, {
    ...options.train,
    onEpoch: (epoch) => options.onProgress?.(epoch, options.train.epochs, phase),
  });
  const bayes = smoothings.map((a) => naiveBayesModel(xs, ys, space.buckets.length, classes, a));
  return { space, model, bayes };
}

function argmax(scores: Float32Array): number {
  let best = 0;
  for (let k = 1; k < scores.length; k++) if (scores[k]! > scores[best]!) best = k;
  return best;
}

/** The (smoothing, weight) pair whose blended out-of-fold scores are most accurate; ties keep the earlier pair. */
export function chooseBlend(
  hinge: Float32Array[],
  bayes: Float32Array[][],
  ys: Int32Array,
  grid: ClassifierTrainOptions['blend'],
): { smoothing: number; weight: number; accuracy: number } {
  let best = { smoothing: grid.smoothings[0] ?? 0, weight: 0, accuracy: -1 };
  const mixed = new Float32Array(hinge[0]?.length ?? 0);
  for (const weight of grid.weights) {
    grid.smoothings.forEach((smoothing, j) => {
      if (weight === 0 && j > 0) return;
      let ok = 0;
      hinge.forEach((h, n) => {
        const b = bayes[j]![n]!;
        for (let k = 0; k < h.length; k++) mixed[k] = h[k]! + weight * b[k]!;
        if (argmax(mixed) === ys[n]) ok++;
      });
      const accuracy = ok / Math.max(1, hinge.length);
      if (accuracy > best.accuracy) best = { smoothing, weight, accuracy };
    });
  }
  return best;
}

export function rawScores(classifier: Base, text: string): Float32Array {
  const out = new Float32Array(classifier.model.classes);
  scoresInto(classifier.model, vectorize(classifier.space, text), out);
  return out;
}

/** Energy of the in-scope classes: T·log Σ exp(z/T), high when some intent fits the text well. */
export function inScopeEnergy(scores: Float32Array, temperature: number, skip: number): number {
  let max = -Infinity;
  for (let k = 0; k < scores.length; k++) if (k !== skip) max = Math.max(max, scores[k]! / temperature);
  let sum = 0;
  for (let k = 0; k < scores.length; k++) if (k !== skip) sum += Math.exp(scores[k]! / temperature - max);
  return temperature * (max + Math.log(sum));
}

/** The prediction for raw scores `p`, which are overwritten with the calibrated probabilities. */
function predictFromScores(classifier: TextClassifier, p: Float32Array): Prediction {
  const oosIndex = classifier.outOfScopeLabel === null ? -1 : classifier.labels.indexOf(classifier.outOfScopeLabel);
  let top = -Infinity;
  for (let k = 0; k < p.length; k++) if (k !== oosIndex) top = Math.max(top, p[k]!);
  const inScopeScore = inScopeEnergy(p, classifier.temperature, oosIndex);
  softmaxInPlace(p, classifier.temperature);
  const ranked = classifier.labels
    .map((key, i) => ({ key, prob: p[i]! }))
    .filter((r) => r.key !== classifier.outOfScopeLabel)
    .sort((a, b) => b.prob - a.prob);
  const confidence = ranked[0]?.prob ?? 0;
  const oosWins = oosIndex >= 0 && p[oosIndex]! > confidence;
  const novel = classifier.inScopeFloor !== null && inScopeScore < classifier.inScopeFloor;
  const outOfScope = oosWins || novel || confidence < classifier.oosThreshold || top < classifier.minScore;
  return { ranked, confidence, outOfScope, inScopeScore, thresholds: cascadeThresholdsOf(classifier) };
}

export function predict(classifier: TextClassifier, text: string): Prediction {
  return predictFromScores(classifier, rawScores(classifier, text));
}

/**
 * The thresholds the cascade uses with this model: its cross-fitted settle threshold, or, when too few
 * labels could show the target accuracy (and on versions stored before cross-fitting), the default.
 */
export function cascadeThresholdsOf(classifier: Pick<TextClassifier, 'settleThreshold'>): CascadeThresholds {
  return { final: classifier.settleThreshold ?? defaultCascadeThresholds.final, local: defaultCascadeThresholds.local };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;
}

/** Lower end of the one-sided 95 % Wilson interval for `ok` successes out of `n`. */
export function wilsonLower(ok: number, n: number, z = 1.645): number {
  if (n === 0) return 0;
  const p = ok / n;
  const z2 = z * z;
  return (p + z2 / (2 * n) - z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
}

/**
 * The lowest confidence whose kept items (those at or above it) are at least `target` accurate with 95 %
 * confidence (Wilson lower bound, so a few lucky items cannot open the gate), with the share kept and
 * its observed accuracy; null when no cut qualifies.
 */
export function settleThresholdFor(
  confidences: number[],
  correct: boolean[],
  target: number,
): { threshold: number; coverage: number; accuracy: number } | null {
  const order = confidences.map((c, i) => i).sort((a, b) => confidences[b]! - confidences[a]!);
  let ok = 0;
  let best: { threshold: number; coverage: number; accuracy: number } | null = null;
  order.forEach((i, rank) => {
    if (correct[i]) ok++;
    const next = order[rank + 1];
    // Only cut between distinct confidences: a threshold keeps every item that ties with it.
    if (next !== undefined && confidences[next] === confidences[i]) return;
    if (wilsonLower(ok, rank + 1) >= target)
      best = { threshold: confidences[i]!, coverage: (rank + 1) / order.length, accuracy: ok / (rank + 1) };
  });
  return best;
}

export function trainClassifier(examples: Example[], opts: Partial<ClassifierTrainOptions> = {}): TextClassifier {
  const options = { ...defaultClassifierOptions, ...opts };
  const labels = [...new Set(examples.map((e) => e.label))].sort();
  if (labels.length < 2) throw new Error('training needs at least two labels');
  const index = new Map(labels.map((l, i) => [l, i]));
  const ys = Int32Array.from(examples.map((e) => index.get(e.label)!));
  const folds = Math.max(2, Math.min(options.folds, examples.length));
  const foldOf = stratifiedFolds(examples, folds, options.train.seed);

  // Out-of-fold raw scores: every label is scored by models that never saw it.
  const smoothings = options.blend.smoothings;
  const oofHinge: Float32Array[] = new Array<Float32Array>(examples.length);
  const oofBayes: Float32Array[][] = smoothings.map(() => new Array<Float32Array>(examples.length));
  for (let f = 0; f < folds; f++) {
    const train = examples.filter((_, i) => foldOf[i] !== f);
    const base = fitBase(train, index, labels.length, options, smoothings, `fold ${f + 1}/${folds}`);
    examples.forEach((e, i) => {
      if (foldOf[i] !== f) return;
      const x = vectorize(base.space, e.text);
      oofHinge[i] = new Float32Array(labels.length);
      scoresInto(base.model, x, oofHinge[i]);
      base.bayes.forEach((nb, j) => {
        oofBayes[j]![i] = new Float32Array(labels.length);
        scoresInto(nb, x, oofBayes[j]![i]!);
      });
    });
  }
  const blend = chooseBlend(oofHinge, oofBayes, ys, options.blend);
  const chosen = smoothings.indexOf(blend.smoothing);
  const oof = oofHinge.map((h, i) => h.map((v, k) => v + blend.weight * oofBayes[chosen]![i]![k]!));
  const temperature = fitTemperature(oof, ys);
  const oosIndex = options.outOfScopeLabel === null ? -1 : (index.get(options.outOfScopeLabel) ?? -1);
  const inScope = examples.map((_, i) => ys[i] !== oosIndex);
  const energies = oof.map((sc) => inScopeEnergy(sc, temperature, oosIndex));
  const inScopeFloor = quantile(
    energies.filter((_, i) => inScope[i]),
    options.oosQuantile,
  );

  const final = fitBase(examples, index, labels.length, options, blend.weight === 0 ? [] : [blend.smoothing], 'final');
  const classifier: TextClassifier = {
    labels,
    outOfScopeLabel: options.outOfScopeLabel,
    space: final.space,
    model: blend.weight === 0 ? final.model : blendModels(final.model, final.bayes[0]!, blend.weight),
    temperature,
    oosThreshold: 0,
    minScore: NO_MIN_SCORE,
    inScopeFloor,
    settleThreshold: null,
    crossFit: null,
  };
  // The out-of-fold predictions as the served model would make them (same temperature and floor).
  const predictions = oof.map((sc) => predictFromScores({ ...classifier, settleThreshold: null }, Float32Array.from(sc)));
  const correct = predictions.map((p, i) => !p.outOfScope && p.ranked[0]?.key === examples[i]!.label);
  const settledConfidences = predictions.map((p) => (p.outOfScope ? -1 : p.confidence));
  const settle = settleThresholdFor(settledConfidences, correct, options.settleAccuracy);
  const inScopeIndexes = predictions.flatMap((_, i) => (inScope[i] ? [i] : []));
  const inScopeConfidences = inScopeIndexes.map((i) => predictions[i]!.confidence);
  const inScopeTop = inScopeIndexes.map((i) => predictions[i]!.ranked[0]?.key === examples[i]!.label);
  classifier.settleThreshold = settle && settle.threshold >= 0 ? settle.threshold : null;
  classifier.crossFit = {
    folds,
    accuracy: inScopeTop.filter(Boolean).length / Math.max(1, inScopeTop.length),
    ece: expectedCalibrationError(inScopeConfidences, inScopeTop).ece,
    settledCoverage: classifier.settleThreshold === null ? 0 : settle!.coverage,
    settledAccuracy: classifier.settleThreshold === null ? 0 : settle!.accuracy,
    blend: { smoothing: blend.smoothing, weight: blend.weight },
  };
  return classifier;
}

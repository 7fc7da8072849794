import { expectedCalibrationError, type ReliabilityBin } from './calibration';
import { cascadeThresholdsOf, predict, type TextClassifier } from './classifier';
import type { Example } from './datasets';
import {
  accuracy,
  coverageCurve,
  macroF1,
  perClassScores,
  topConfusions,
  type ClassScore,
  type ConfusionPair,
  type CurvePoint,
} from './metrics';

export interface Evaluation {
  n: number;
  accuracy: number;
  macroF1: number;
  ece: number;
  perClass: ClassScore[];
  confusions: ConfusionPair[];
  curve: CurvePoint[];
  reliability: ReliabilityBin[];
  msPerItem: number;
  /**
   * What the cascade settles at the threshold it uses with this model (fitted inside the training data, or
   * the default when the labels could not show the target accuracy): the share of items at or above it and
   * not out of scope, and how many of those are right.
   */
  settled: { threshold: number; fitted: boolean; coverage: number; accuracy: number };
  /** Set when the classifier has an out-of-scope label or the test set holds out-of-scope items. */
  outOfScope?: { inScopeAccuracy: number; recall: number; precision: number; inScopeCount: number; oosCount: number };
}

/**
 * Scores a classifier on labelled items. Out-of-scope items carry `oosLabel`; a prediction flagged out
 * of scope counts as predicting that label.
 */
export function evaluate(
  classifier: TextClassifier,
  items: Example[],
  oosLabel: string | null,
  onProgress?: (done: number, total: number) => void,
): Evaluation {
  const actual: string[] = [];
  const predicted: string[] = [];
  const confidences: number[] = [];
  const topCorrect: boolean[] = [];
  const inScopeConfidences: number[] = [];
  const inScopeTopCorrect: boolean[] = [];
  const settleAt = cascadeThresholdsOf(classifier).final;
  let settledCount = 0;
  let settledRight = 0;
  const started = performance.now();
  items.forEach((item, i) => {
    const p = predict(classifier, item.text);
    const top = p.ranked[0]?.key ?? '';
    const label = oosLabel !== null && p.outOfScope ? oosLabel : top;
    actual.push(item.label);
    predicted.push(label);
    confidences.push(p.outOfScope ? 0 : p.confidence);
    topCorrect.push(label === item.label);
    if (!p.outOfScope && p.confidence >= settleAt) {
      settledCount++;
      if (top === item.label) settledRight++;
    }
    if (item.label !== oosLabel) {
      inScopeConfidences.push(p.confidence);
      inScopeTopCorrect.push(top === item.label);
    }
    if (onProgress && (i % 50 === 0 || i === items.length - 1)) onProgress(i + 1, items.length);
  });
  const msPerItem = (performance.now() - started) / Math.max(1, items.length);
  const perClass = perClassScores(actual, predicted);
  const calibration = expectedCalibrationError(inScopeConfidences, inScopeTopCorrect);
  const result: Evaluation = {
    n: items.length,
    accuracy: accuracy(actual, predicted),
    macroF1: macroF1(perClass),
    ece: calibration.ece,
    perClass,
    confusions: topConfusions(actual, predicted),
    curve: coverageCurve(confidences, topCorrect),
    reliability: calibration.bins,
    msPerItem,
    settled: {
      threshold: settleAt,
      fitted: classifier.settleThreshold !== null,
      coverage: settledCount / Math.max(1, items.length),
      accuracy: settledRight / Math.max(1, settledCount),
    },
  };
  if (oosLabel !== null) {
    let inOk = 0;
    let inCount = 0;
    let oosHit = 0;
    let oosCount = 0;
    let flagged = 0;
    actual.forEach((a, i) => {
      const isOos = predicted[i] === oosLabel;
      if (isOos) flagged++;
      if (a === oosLabel) {
        oosCount++;
        if (isOos) oosHit++;
      } else {
        inCount++;
        if (predicted[i] === a) inOk++;
      }
    });
    result.outOfScope = {
      inScopeAccuracy: inOk / Math.max(1, inCount),
      recall: oosHit / Math.max(1, oosCount),
      precision: oosHit / Math.max(1, flagged),
      inScopeCount: inCount,
      oosCount,
    };
  }
  return result;
}

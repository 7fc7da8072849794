import type { Prediction } from './classifier';
import type { CurvePoint } from './metrics';

export interface CascadeThresholds {
  /** At or above this confidence the classifier's answer is final. */
  final: number;
  /** At or above this (and below `final`) the local model chooses among the top candidates. */
  local: number;
}

export const defaultCascadeThresholds: CascadeThresholds = { final: 0.85, local: 0.3 };

export type CascadeDecision = 'final' | 'local_model' | 'escalate';

/**
 * Without explicit thresholds, the ones fitted with the model that made the prediction (cross-fitted to
 * keep settled answers at 97 % accuracy), else the defaults.
 */
export function cascadeDecision(
  prediction: Prediction,
  thresholds: CascadeThresholds = prediction.thresholds ?? defaultCascadeThresholds,
): CascadeDecision {
  if (prediction.outOfScope) return 'escalate';
  if (prediction.confidence >= thresholds.final) return 'final';
  if (prediction.confidence >= thresholds.local) return 'local_model';
  return 'escalate';
}

/** The candidates handed to the local model: the top few, stopping once they cover most of the mass. */
export function cascadeCandidates(prediction: Prediction, max = 3, mass = 0.95): { key: string; prob: number }[] {
  const out: { key: string; prob: number }[] = [];
  let covered = 0;
  for (const r of prediction.ranked) {
    if (out.length >= max || covered >= mass) break;
    out.push(r);
    covered += r.prob;
  }
  return out;
}

/**
 * The lowest escalation rate on the curve whose kept items reach `targetAccuracy`, with the confidence
 * threshold that achieves it; null when even the most selective point falls short.
 */
export function thresholdForAccuracy(curve: CurvePoint[], targetAccuracy: number): CurvePoint | null {
  return [...curve].sort((a, b) => a.escalationRate - b.escalationRate).find((p) => p.accuracy >= targetAccuracy) ?? null;
}

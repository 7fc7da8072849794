import { z } from 'zod';

export interface ClassScore {
  key: string;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export const curvePointSchema = z.object({
  /** Share of items sent on (to the local model or the cloud) instead of being decided here. */
  escalationRate: z.number(),
  coverage: z.number(),
  /** Accuracy on the items kept. */
  accuracy: z.number(),
  /** Keep an item when its confidence is at least this. */
  threshold: z.number(),
});

export type CurvePoint = z.infer<typeof curvePointSchema>;

/** A stored coverage curve (ClassifierModel.curve, a JSON column) read back through its schema; none stored is no curve. */
export function parseCurve(json: unknown): CurvePoint[] {
  return json === null || json === undefined ? [] : z.array(curvePointSchema).parse(json);
}

export interface ConfusionPair {
  actual: string;
  predicted: string;
  count: number;
}

export function perClassScores(actual: string[], predicted: string[]): ClassScore[] {
  const keys = [...new Set(actual)].sort();
  const tp = new Map<string, number>();
  const predCount = new Map<string, number>();
  const support = new Map<string, number>();
  actual.forEach((a, i) => {
    const p = predicted[i]!;
    support.set(a, (support.get(a) ?? 0) + 1);
    predCount.set(p, (predCount.get(p) ?? 0) + 1);
    if (a === p) tp.set(a, (tp.get(a) ?? 0) + 1);
  });
  return keys.map((key) => {
    const t = tp.get(key) ?? 0;
    const precision = t / Math.max(1, predCount.get(key) ?? 0);
    const recall = t / Math.max(1, support.get(key) ?? 0);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { key, support: support.get(key) ?? 0, precision, recall, f1 };
  });
}

export function accuracy(actual: string[], predicted: string[]): number {
  let ok = 0;
  actual.forEach((a, i) => {
    if (a === predicted[i]) ok++;
  });
  return ok / Math.max(1, actual.length);
}

export function macroF1(scores: ClassScore[]): number {
  return scores.reduce((sum, s) => sum + s.f1, 0) / Math.max(1, scores.length);
}

export function topConfusions(actual: string[], predicted: string[], limit = 10): ConfusionPair[] {
  const counts = new Map<string, ConfusionPair>();
  actual.forEach((a, i) => {
    const p = predicted[i]!;
    if (a === p) return;
    const id = `${a}\u0000${p}`;
    const pair = counts.get(id) ?? { actual: a, predicted: p, count: 0 };
    pair.count++;
    counts.set(id, pair);
  });
  return [...counts.values()].sort((x, y) => y.count - x.count || x.actual.localeCompare(y.actual)).slice(0, limit);
}

/** Accuracy on what is kept at each escalation rate when the least confident items are sent on first. */
export function coverageCurve(confidences: number[], correct: boolean[], step = 0.05): CurvePoint[] {
  const order = confidences.map((c, i) => [c, correct[i] ? 1 : 0] as const).sort((a, b) => b[0] - a[0]);
  const n = order.length;
  const prefix = new Float64Array(n + 1);
  order.forEach(([, ok], i) => (prefix[i + 1] = prefix[i]! + ok));
  const points: CurvePoint[] = [];
  if (n === 0) return points;
  for (let rate = 0; rate <= 0.9 + 1e-9; rate += step) {
    const keep = Math.max(1, Math.round(n * (1 - rate)));
    points.push({
      escalationRate: Number(rate.toFixed(2)),
      coverage: keep / n,
      accuracy: prefix[keep]! / keep,
      threshold: order[keep - 1]![0],
    });
  }
  return points;
}

import type { Db } from '@helpdesk/db';
import type { CascadeThresholds } from './cascade';
import { cascadeThresholdsOf, predict, type Prediction, type TextClassifier } from './classifier';
import { deserializeClassifier } from './serialization';

export interface ActiveClassifier {
  version: number;
  labels: string[];
  /** What the cascade uses with this version (also attached to every prediction). */
  thresholds: CascadeThresholds;
  predict(text: string): Prediction;
}

// A version's weights never change once stored, so (tenant, version) is a safe cache key; a few
// tenants' worth is plenty for one worker process.
const MAX_CACHED = 32;
const cache = new Map<string, TextClassifier>();

/** The tenant's live classifier, or null when none is active (triage then uses the local model alone). */
export async function loadActiveClassifier(db: Db, tenantId: string): Promise<ActiveClassifier | null> {
  const active = await db.classifierModel.findFirst({
    where: { tenantId, active: true, status: 'READY' },
    orderBy: { version: 'desc' },
    select: { id: true, version: true },
  });
  if (!active) return null;
  const key = `${tenantId}:${active.version}`;
  let classifier = cache.get(key);
  if (!classifier) {
    const row = await db.classifierModel.findFirst({ where: { id: active.id, tenantId }, select: { weights: true } });
    if (!row?.weights) return null;
    classifier = deserializeClassifier(row.weights);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
    cache.set(key, classifier);
  }
  const loaded = classifier;
  return {
    version: active.version,
    labels: loaded.labels,
    thresholds: cascadeThresholdsOf(loaded),
    predict: (text) => predict(loaded, text),
  };
}

export function clearClassifierCache(): void {
  cache.clear();
}

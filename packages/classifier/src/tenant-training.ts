import { createHash } from 'node:crypto';
import { NotFoundError, ValidationError, type Db, type Prisma } from '@helpdesk/db';
import { trainClassifier, type TextClassifier } from './classifier';
import type { Example } from './datasets';
import { evaluate } from './evaluation';
import { deserializeClassifier, serializeClassifier } from './serialization';
import { collectTenantLabels, labelReadiness, type LabelReadiness } from './tenant-labels';

export interface TenantModelMetrics {
  accuracy: number;
  macroF1: number;
  ece: number;
  perCategory: { key: string; support: number; precision: number; recall: number; f1: number }[];
  holdout: number;
  /** Labels the served weights were trained on: every usable label outside the promotion holdout. */
  trainedOn?: number;
  categories: string[];
  /** Categories left out of this version for lack of labels. */
  skipped: { key: string; count: number; needed: number }[];
  temperature: number;
  msPerItem: number;
  /** Calibrated confidence at which the cascade settles on the classifier alone (cross-fitted); null: never. */
  settleThreshold?: number | null;
  /** ECE of the out-of-fold predictions the calibration was fitted on. */
  crossFitEce?: number | null;
  /** The promotion check: this version and the one active before, scored on the same held-back tickets. */
  comparison?: PromotionComparison;
}

export interface PromotionComparison {
  holdout: number;
  candidateAccuracy: number;
  /** Null when no version was active. */
  activeVersion: number | null;
  activeAccuracy: number | null;
  /** How the active version was scored: on this holdout, or (a version trained on every label) its stored metric. */
  activeScoredOn: 'same_holdout' | 'stored_metric' | null;
}

export type TrainResult =
  | { status: 'insufficient_labels'; message: string; readiness: LabelReadiness }
  | { status: 'trained'; version: number; activated: boolean; metrics: TenantModelMetrics; message: string }
  | { status: 'failed'; version: number; message: string };

const HOLDOUT = 0.2;
/** A label keeps this many training tickets before any of its tickets is held back. */
const MIN_FIT_PER_LABEL = 3;

/**
 * The tickets held back from training to score and compare versions. Membership is a hash of the ticket
 * id, so it never changes as labels arrive: the active version never trained on a ticket the next version
 * is compared on, and both are scored on the same tickets.
 */
export function promotionHoldout<T extends Example & { ticketId: string }>(examples: T[]): { fit: T[]; held: T[] } {
  const held = (e: T) => createHash('sha1').update(e.ticketId).digest().readUInt32BE(0) / 2 ** 32 < HOLDOUT;
  const fitCount = new Map<string, number>();
  for (const e of examples) if (!held(e)) fitCount.set(e.label, (fitCount.get(e.label) ?? 0) + 1);
  // A label with too few training tickets keeps them all for training; it is then not compared on.
  const keep = (e: T) => (fitCount.get(e.label) ?? 0) >= MIN_FIT_PER_LABEL;
  return { fit: examples.filter((e) => !held(e) || !keep(e)), held: examples.filter((e) => held(e) && keep(e)) };
}

function toMetrics(
  evaluation: ReturnType<typeof evaluate>,
  split: { fit: Example[]; held: Example[] },
  readiness: LabelReadiness,
  classifier: TextClassifier,
  comparison: PromotionComparison,
): TenantModelMetrics {
  return {
    accuracy: evaluation.accuracy,
    macroF1: evaluation.macroF1,
    ece: evaluation.ece,
    perCategory: evaluation.perClass,
    holdout: split.held.length,
    trainedOn: split.fit.length,
    categories: readiness.learnable,
    skipped: readiness.short,
    temperature: classifier.temperature,
    msPerItem: evaluation.msPerItem,
    settleThreshold: classifier.settleThreshold,
    crossFitEce: classifier.crossFit?.ece ?? null,
    comparison,
  };
}

export function metricsOf(json: Prisma.JsonValue | null): TenantModelMetrics | null {
  return json && typeof json === 'object' && !Array.isArray(json) && typeof json.accuracy === 'number'
    ? (json as unknown as TenantModelMetrics)
    : null;
}

/**
 * Trains a new version from the tenant's agent labels, except the promotion holdout. Its metrics are the
 * served model's own on that holdout. It goes live only when it is at least as accurate as the active
 * version on the very same tickets, so a bad batch of labels cannot make triage worse.
 */
export async function trainTenantClassifier(db: Db, tenantId: string): Promise<TrainResult> {
  const labels = await collectTenantLabels(db, tenantId);
  const readiness = labelReadiness(labels.perCategory);
  if (!readiness.ready) return { status: 'insufficient_labels', message: readiness.message, readiness };

  const learnable = new Set(readiness.learnable);
  const examples = labels.examples.filter((e) => learnable.has(e.label));
  const latest = await db.classifierModel.findFirst({ where: { tenantId }, orderBy: { version: 'desc' }, select: { version: true } });
  const version = (latest?.version ?? 0) + 1;
  const row = await db.classifierModel.create({ data: { tenantId, version, status: 'TRAINING', labelCount: examples.length } });
  const started = performance.now();
  try {
    const { fit, held } = promotionHoldout(examples);
    const classifier = trainClassifier(fit);
    const evaluation = evaluate(classifier, held, null);
    const weights = serializeClassifier(classifier);
    const trainedMs = Math.round(performance.now() - started);

    const activated = await db.$transaction(async (tx) => {
      const active = await tx.classifierModel.findFirst({
        where: { tenantId, active: true, status: 'READY' },
        select: { id: true, version: true, metrics: true, weights: true },
      });
      const comparison = compareWithActive(active, held, evaluation.accuracy);
      const metrics = toMetrics(evaluation, { fit, held }, readiness, classifier, comparison);
      const promote = comparison.activeAccuracy === null || comparison.candidateAccuracy >= comparison.activeAccuracy;
      if (promote) await tx.classifierModel.updateMany({ where: { tenantId, active: true }, data: { active: false } });
      await tx.classifierModel.update({
        where: { id: row.id, tenantId },
        data: {
          status: 'READY',
          active: promote,
          weights: new Uint8Array(weights),
          metrics: metrics as unknown as Prisma.InputJsonObject,
          curve: evaluation.curve as unknown as Prisma.InputJsonArray,
          trainedMs,
        },
      });
      return { promote, metrics };
    });
    const metrics = activated.metrics;
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const c = metrics.comparison!;
    const versus =
      c.activeAccuracy === null
        ? ''
        : ` (version ${c.activeVersion}: ${pct(c.activeAccuracy)}${c.activeScoredOn === 'same_holdout' ? ' on the same tickets' : ', its stored metric'})`;
    const message = activated.promote
      ? `Version ${version} is active: ${pct(metrics.accuracy)} accuracy on ${held.length} held-back tickets${versus}.`
      : `Version ${version} scored ${pct(metrics.accuracy)} on ${held.length} held-back tickets, below the active version${versus}, so it was kept inactive.`;
    return { status: 'trained', version, activated: activated.promote, metrics, message };
  } catch (error) {
    const message = (error as Error).message;
    await db.classifierModel.update({
      where: { id: row.id, tenantId },
      data: { status: 'FAILED', error: message, trainedMs: Math.round(performance.now() - started) },
    });
    return { status: 'failed', version, message };
  }
}

/**
 * Scores the active version on the candidate's holdout. A version from before the fixed holdout trained on
 * every label, holdout included, so only its stored metric is comparable.
 */
function compareWithActive(
  active: { version: number; metrics: Prisma.JsonValue | null; weights: Uint8Array | null } | null,
  held: Example[],
  candidateAccuracy: number,
): PromotionComparison {
  const base = { holdout: held.length, candidateAccuracy };
  if (!active) return { ...base, activeVersion: null, activeAccuracy: null, activeScoredOn: null };
  const stored = metricsOf(active.metrics);
  const model = active.weights ? deserializeClassifier(active.weights) : null;
  if (model && stored?.comparison && held.length > 0) {
    return { ...base, activeVersion: active.version, activeAccuracy: evaluate(model, held, null).accuracy, activeScoredOn: 'same_holdout' };
  }
  return {
    ...base,
    activeVersion: active.version,
    activeAccuracy: stored?.accuracy ?? null,
    activeScoredOn: stored ? 'stored_metric' : null,
  };
}

/** Makes an earlier (or any ready) version the live one again. */
export async function rollback(db: Db, tenantId: string, version: number): Promise<void> {
  await db.$transaction(async (tx) => {
    const target = await tx.classifierModel.findFirst({ where: { tenantId, version }, select: { id: true, status: true } });
    if (!target) throw new NotFoundError('Classifier version');
    if (target.status !== 'READY')
      throw new ValidationError('version', `version ${version} is ${target.status.toLowerCase()}, only a ready version can be activated`);
    await tx.classifierModel.updateMany({ where: { tenantId, active: true }, data: { active: false } });
    await tx.classifierModel.update({ where: { id: target.id, tenantId }, data: { active: true } });
  });
}

/** Turns the live classifier off: triage falls back to the local model alone. */
export async function deactivateClassifier(db: Db, tenantId: string): Promise<void> {
  await db.classifierModel.updateMany({ where: { tenantId, active: true }, data: { active: false } });
}

/** Every version of the tenant's classifier, newest first, without the weights. */
export async function listClassifierVersions(db: Db, tenantId: string) {
  return db.classifierModel.findMany({
    where: { tenantId },
    orderBy: { version: 'desc' },
    select: {
      id: true,
      version: true,
      status: true,
      active: true,
      labelCount: true,
      metrics: true,
      curve: true,
      error: true,
      trainedMs: true,
      createdAt: true,
    },
  });
}

import { NotFoundError, ValidationError, type Db, type Prisma } from '@helpdesk/db';
import { stratifiedSplit, trainClassifier } from './classifier';
import { evaluate } from './evaluation';
import { serializeClassifier } from './serialization';
import { collectTenantLabels, labelReadiness, type LabelReadiness } from './tenant-labels';

export interface TenantModelMetrics {
  accuracy: number;
  macroF1: number;
  ece: number;
  perCategory: { key: string; support: number; precision: number; recall: number; f1: number }[];
  holdout: number;
  categories: string[];
  /** Categories left out of this version for lack of labels. */
  skipped: { key: string; count: number; needed: number }[];
  temperature: number;
  msPerItem: number;
}

export type TrainResult =
  | { status: 'insufficient_labels'; message: string; readiness: LabelReadiness }
  | { status: 'trained'; version: number; activated: boolean; metrics: TenantModelMetrics; message: string }
  | { status: 'failed'; version: number; message: string };

const HOLDOUT = 0.2;

function toMetrics(evaluation: ReturnType<typeof evaluate>, holdout: number, readiness: LabelReadiness, temperature: number): TenantModelMetrics {
  return {
    accuracy: evaluation.accuracy,
    macroF1: evaluation.macroF1,
    ece: evaluation.ece,
    perCategory: evaluation.perClass,
    holdout,
    categories: readiness.learnable,
    skipped: readiness.short,
    temperature,
    msPerItem: evaluation.msPerItem,
  };
}

export function metricsOf(json: Prisma.JsonValue | null): TenantModelMetrics | null {
  return json && typeof json === 'object' && !Array.isArray(json) && typeof json.accuracy === 'number' ? (json as unknown as TenantModelMetrics) : null;
}

/**
 * Trains a new version from the tenant's agent labels. Metrics come from a stratified holdout; the
 * stored weights are then trained on every label. The new version goes live only when it scores at
 * least as well as the active one, so a bad batch of labels cannot make triage worse.
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
    const { fit, held } = stratifiedSplit(examples, HOLDOUT, version);
    const probe = trainClassifier(fit);
    const evaluation = evaluate(probe, held, null);
    const classifier = trainClassifier(examples);
    const metrics = toMetrics(evaluation, held.length, readiness, classifier.temperature);
    const weights = serializeClassifier(classifier);
    const trainedMs = Math.round(performance.now() - started);

    const activated = await db.$transaction(async (tx) => {
      const active = await tx.classifierModel.findFirst({ where: { tenantId, active: true }, select: { id: true, metrics: true } });
      const activeAccuracy = metricsOf(active?.metrics ?? null)?.accuracy ?? -1;
      const promote = metrics.accuracy >= activeAccuracy;
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
      return promote;
    });
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const message = activated
      ? `Version ${version} is active: ${pct(metrics.accuracy)} accuracy on ${held.length} held-back tickets.`
      : `Version ${version} scored ${pct(metrics.accuracy)}, below the active version, so it was kept inactive.`;
    return { status: 'trained', version, activated, metrics, message };
  } catch (error) {
    const message = (error as Error).message;
    await db.classifierModel.update({ where: { id: row.id, tenantId }, data: { status: 'FAILED', error: message, trainedMs: Math.round(performance.now() - started) } });
    return { status: 'failed', version, message };
  }
}

/** Makes an earlier (or any ready) version the live one again. */
export async function rollback(db: Db, tenantId: string, version: number): Promise<void> {
  await db.$transaction(async (tx) => {
    const target = await tx.classifierModel.findFirst({ where: { tenantId, version }, select: { id: true, status: true } });
    if (!target) throw new NotFoundError('Classifier version');
    if (target.status !== 'READY') throw new ValidationError('version', `version ${version} is ${target.status.toLowerCase()}, only a ready version can be activated`);
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
    select: { id: true, version: true, status: true, active: true, labelCount: true, metrics: true, curve: true, error: true, trainedMs: true, createdAt: true },
  });
}

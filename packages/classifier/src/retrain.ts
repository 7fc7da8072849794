import type { Db } from '@helpdesk/db';
import { enqueue } from '@helpdesk/jobs';
import type { Redis } from 'ioredis';
import { collectTenantLabels, labelReadiness } from './tenant-labels';

/** New labels needed since the last version: at least this many, and at least this share of the old count. */
export const RETRAIN_MIN_NEW_LABELS = 20;
export const RETRAIN_MIN_GROWTH = 0.2;
// A version stuck in TRAINING longer than this is presumed dead (its worker crashed) and no longer blocks.
const STALE_TRAINING_MS = 15 * 60_000;

export interface RetrainStatus {
  due: boolean;
  /** Enough labels to train at all. */
  ready: boolean;
  labelCount: number;
  lastLabelCount: number | null;
  reason: string;
}

export async function retrainStatus(db: Db, tenantId: string): Promise<RetrainStatus> {
  const { perCategory } = await collectTenantLabels(db, tenantId);
  const readiness = labelReadiness(perCategory);
  const labelCount = readiness.total;
  const latest = await db.classifierModel.findFirst({
    where: { tenantId },
    orderBy: { version: 'desc' },
    select: { labelCount: true, status: true, createdAt: true },
  });
  const lastLabelCount = latest?.labelCount ?? null;
  const base = { ready: readiness.ready, labelCount, lastLabelCount };
  if (!readiness.ready) return { ...base, due: false, reason: readiness.message };
  if (latest?.status === 'TRAINING' && Date.now() - latest.createdAt.getTime() < STALE_TRAINING_MS) {
    return { ...base, due: false, reason: 'A version is training now.' };
  }
  if (lastLabelCount === null) return { ...base, due: true, reason: 'Enough labels for a first version.' };
  const needed = Math.max(RETRAIN_MIN_NEW_LABELS, Math.ceil(lastLabelCount * RETRAIN_MIN_GROWTH));
  const fresh = labelCount - lastLabelCount;
  return fresh >= needed
    ? { ...base, due: true, reason: `${fresh} new labels since the last version.` }
    : { ...base, due: false, reason: `${fresh} new labels since the last version; retraining after ${needed}.` };
}

export async function shouldRetrain(db: Db, tenantId: string): Promise<boolean> {
  return (await retrainStatus(db, tenantId)).due;
}

/**
 * Writes a 'classifier.retrain' OutboxEvent when enough new labels have arrived; the job id includes
 * the label count, so repeated calls for the same labels collapse into one training run.
 */
export async function maybeRequestRetrain(db: Db, tenantId: string): Promise<RetrainStatus> {
  const status = await retrainStatus(db, tenantId);
  if (status.due)
    await db.outboxEvent.create({ data: { tenantId, type: 'classifier.retrain', payload: { tenantId, labelCount: status.labelCount } } });
  return status;
}

/** An admin's "train now": bypasses the new-label rule, with a job id of its own so it always runs. */
export async function requestTrainingNow(db: Db, redis: Redis, tenantId: string, requestedBy: string): Promise<RetrainStatus> {
  const status = await retrainStatus(db, tenantId);
  if (!status.ready) return status;
  await enqueue(
    redis,
    'classifierTrain',
    { tenantId, requestedBy, labelCount: status.labelCount },
    { jobId: `train-${tenantId}-${status.labelCount}-by-${requestedBy}-${Date.now()}` },
  );
  return { ...status, due: true, reason: 'Training queued.' };
}

/**
 * For a periodic maintenance job: tenants with category labels newer than their latest version get a
 * retrain requested when the new-label rule says so. Returns the tenants that got one.
 */
export async function sweepRetrains(db: Db): Promise<string[]> {
  const candidates = await db.$queryRaw<{ tenantId: string }[]>`
    SELECT DISTINCT l."tenantId" FROM "TriageLabel" l
     WHERE l.field = 'category'
       AND l."createdAt" > COALESCE((SELECT max(m."createdAt") FROM "ClassifierModel" m WHERE m."tenantId" = l."tenantId"), 'epoch'::timestamp)`;
  const requested: string[] = [];
  for (const { tenantId } of candidates) {
    if ((await maybeRequestRetrain(db, tenantId)).due) requested.push(tenantId);
  }
  return requested;
}

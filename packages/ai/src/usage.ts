import { recordUsage } from '@helpdesk/billing';
import type { AiFeature, Db } from '@helpdesk/db';
import type { ModelRuntime } from './runtime';

export interface JobRef {
  id?: string;
  attemptsMade?: number;
}

/** Every local model call goes to billing's ledger; the idempotency key makes a retried job a no-op. */
export async function recordLocalUsage(
  db: Db,
  runtime: ModelRuntime,
  call: { tenantId: string; ticketId?: string; contentVersion?: number; feature: AiFeature; tokensIn: number; tokensOut: number; durationMs: number; model?: string },
  job?: JobRef,
): Promise<void> {
  const jobId = job?.id ?? `direct-${call.ticketId ?? call.tenantId}-v${call.contentVersion ?? 0}`;
  await recordUsage(db, {
    tenantId: call.tenantId,
    ticketId: call.ticketId,
    feature: call.feature,
    model: call.model ?? runtime.modelId,
    provider: 'LOCAL',
    tokensIn: call.tokensIn,
    tokensOut: call.tokensOut,
    durationMs: call.durationMs,
    computeMs: call.durationMs,
    idempotencyKey: `${jobId}:${call.feature}`,
    jobId: job?.id,
    attempt: (job?.attemptsMade ?? 0) + 1,
  });
}

import { z } from 'zod';

const ticketJob = z.object({ tenantId: z.string().min(1), ticketId: z.string().min(1), contentVersion: z.number().int().positive() });
const tenantJob = z.object({ tenantId: z.string().min(1) });

export interface JobDefinition<S extends z.ZodType> {
  queue: string;
  payload: S;
  /** Deterministic: the same trigger twice yields the same id, so BullMQ keeps one job. */
  jobId: (payload: z.infer<S>) => string;
  attempts: number;
  backoffMs: number;
}

function define<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

export const jobs = {
  triage: define({
    queue: 'ai-triage',
    payload: ticketJob,
    jobId: (p) => `triage-${p.ticketId}-v${p.contentVersion}`,
    attempts: 3,
    backoffMs: 2_000,
  }),
  retrieval: define({
    queue: 'ai-retrieval',
    payload: ticketJob,
    jobId: (p) => `retrieval-${p.ticketId}-v${p.contentVersion}`,
    attempts: 3,
    backoffMs: 2_000,
  }),
  draft: define({
    queue: 'ai-draft',
    payload: ticketJob,
    jobId: (p) => `draft-${p.ticketId}-v${p.contentVersion}`,
    attempts: 3,
    backoffMs: 5_000,
  }),
  summary: define({
    queue: 'ai-summary',
    payload: ticketJob,
    jobId: (p) => `summary-${p.ticketId}-v${p.contentVersion}`,
    attempts: 3,
    backoffMs: 5_000,
  }),
  kbEmbed: define({
    queue: 'ai-kb-embed',
    // embeddingModel is set when a new embedding model re-embeds: the same article version is then a new job.
    payload: z.object({
      tenantId: z.string().min(1),
      articleId: z.string().min(1),
      version: z.number().int().positive(),
      embeddingModel: z.string().min(1).optional(),
    }),
    jobId: (p) => `kb-${p.articleId}-v${p.version}${p.embeddingModel ? `-${p.embeddingModel.replace(/[^A-Za-z0-9._-]/g, '_')}` : ''}`,
    attempts: 3,
    backoffMs: 2_000,
  }),
  classifierTrain: define({
    queue: 'ai-classifier-train',
    payload: tenantJob.extend({ requestedBy: z.string().optional(), labelCount: z.number().int().nonnegative() }),
    jobId: (p) => `train-${p.tenantId}-${p.labelCount}`,
    attempts: 2,
    backoffMs: 10_000,
  }),
  mail: define({
    queue: 'mail',
    payload: z.object({ tenantId: z.string().min(1), messageId: z.string().min(1) }),
    jobId: (p) => `mail-${p.messageId}`,
    attempts: 5,
    backoffMs: 3_000,
  }),
  // Password reset and sign-up mails: the payload names the token row only, never the token.
  accountMail: define({
    queue: 'mail',
    payload: z.object({ tokenId: z.string().min(1) }),
    jobId: (p) => `account-mail-${p.tokenId}`,
    attempts: 5,
    backoffMs: 3_000,
  }),
  budgetAlert: define({
    queue: 'budget-alert',
    payload: z.object({ tenantId: z.string().min(1), alertId: z.string().min(1) }),
    jobId: (p) => `budget-alert-${p.alertId}`,
    attempts: 5,
    backoffMs: 5_000,
  }),
  slaSweep: define({ queue: 'maintenance', payload: z.object({}), jobId: () => 'sla-sweep', attempts: 1, backoffMs: 1_000 }),
  autoClose: define({ queue: 'maintenance', payload: z.object({}), jobId: () => 'auto-close', attempts: 1, backoffMs: 1_000 }),
  usageRollup: define({ queue: 'maintenance', payload: z.object({}), jobId: () => 'usage-rollup', attempts: 1, backoffMs: 1_000 }),
  retrainSweep: define({ queue: 'maintenance', payload: z.object({}), jobId: () => 'retrain-sweep', attempts: 1, backoffMs: 1_000 }),
  holdSweep: define({ queue: 'maintenance', payload: z.object({}), jobId: () => 'hold-sweep', attempts: 1, backoffMs: 1_000 }),
  // Its own queue: a long sweep on the maintenance queue must never hold back new tickets' AI jobs.
  outboxDispatch: define({ queue: 'outbox', payload: z.object({}), jobId: () => 'outbox-dispatch', attempts: 1, backoffMs: 1_000 }),
} as const;

export type JobName = keyof typeof jobs;
export type JobPayload<N extends JobName> = z.infer<(typeof jobs)[N]['payload']>;

export const queueNames = [...new Set(Object.values(jobs).map((j) => j.queue))];

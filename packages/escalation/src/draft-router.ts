import type Anthropic from '@anthropic-ai/sdk';
import type { Redis } from 'ioredis';
import { estimateMaxCost, recordUsage } from '@helpdesk/billing';
import { loadConfig } from '@helpdesk/config';
import { Prisma, type AiDraft, type Db, type EscalationDecision } from '@helpdesk/db';
import { reserve, release, settle, ensureBudget, remainingMicros } from './budget';
import { breakerFor, type Breaker } from './circuit-breaker';
import { attemptKeys, settleAbandonedHolds } from './call-keys';
import { callCloud } from './cloud-call';
import { cloudSettings, createCloudClient } from './cloud-config';
import { decideEscalation, type EscalationVerdict } from './decide';
import { DraftPublisher } from './draft-stream';
import { autoSendEligible, getPolicy } from './policy';
import { cacheMinimumTokens } from './cache-minimums';
import { buildDraftPrompt, DRAFT_PROMPT_VERSION, type KnowledgeSnippet } from './prompt';
import { hasGap, redactAll, restore, restoreStablePrefix } from './redaction';
import { loadTenantProfile } from './tenant-profile';
import { escalationInput, loadTicketSignals } from './ticket-signals';
import { countTokens } from './tokens';

/** What the AI worker's local model produced; its own usage is recorded by the caller. */
export interface LocalDraft {
  body: string;
  citations?: Prisma.InputJsonValue;
  modelId: string;
  promptVersion: string;
  tokensIn?: number;
  tokensOut?: number;
  durationMs?: number;
}

/** Where the local model's text goes while it is written: the whole text so far, after each chunk. */
export interface LocalDraftStream {
  onText(textSoFar: string): Promise<void>;
}

export interface CloudOptions {
  client?: Anthropic;
  breaker?: Breaker;
  maxTokens?: number;
  timeoutMs?: number;
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxRetryAfterMs?: number;
}

export interface DraftRouteContext {
  db: Db;
  /** Where streamed deltas are published (channel draft:<draftId>); null to skip streaming. */
  redis: Redis | null;
  tenantId: string;
  ticketId: string;
  contentVersion: number;
  /** The BullMQ job id: with the attempt it keys the usage ledger and the budget hold. */
  jobId: string;
  attempt?: number;
  knowledge?: KnowledgeSnippet[];
  citations?: Prisma.InputJsonValue;
  localDraft: (stream: LocalDraftStream) => Promise<LocalDraft>;
  /** Called once the draft's row exists and its text starts to stream (the job reports it, so the ticket page looks). */
  onDraftStarted?: (draftId: string) => Promise<void>;
  cloud?: CloudOptions;
}

export interface DraftRouteResult {
  draft: AiDraft;
  decision: EscalationDecision;
  autoSend: boolean;
  /** The draft has a marked gap (payment data or a secret the cloud never saw and the reply must not repeat): an agent fills it; never sent automatically. */
  needsAgentInput: boolean;
}

const DONE = new Set(['READY', 'APPROVED', 'DISCARDED']);

async function storeDecision(
  ctx: DraftRouteContext,
  v: EscalationVerdict,
  blockedBy: string | null,
  escalate: boolean,
): Promise<EscalationDecision> {
  return ctx.db.escalationDecision.upsert(
    contentVersionRow(ctx, { escalate, tier: v.tier, model: v.model, reasons: v.reasons, blockedBy }),
  );
}

async function storeDraft(
  ctx: DraftRouteContext,
  data: Omit<Prisma.AiDraftUncheckedCreateInput, 'tenantId' | 'ticketId' | 'contentVersion'>,
): Promise<AiDraft> {
  return ctx.db.aiDraft.upsert(contentVersionRow(ctx, data));
}

/** Upsert arguments for the one row per ticket content version: a re-run of the job overwrites it. */
function contentVersionRow<T extends object>(ctx: DraftRouteContext, data: T) {
  const { tenantId, ticketId, contentVersion } = ctx;
  return {
    where: { ticketId_contentVersion: { ticketId, contentVersion }, tenantId },
    create: { tenantId, ticketId, contentVersion, ...data },
    update: data,
  };
}

/**
 * The local draft, streamed like a cloud one: its row is STREAMING before the first token and every chunk is
 * published on the draft's channel. A fallback after a failed cloud call keeps the cloud draft's row and publisher,
 * so subscribers see the text start over in sequence rather than events they would drop as old.
 */
async function storeLocal(
  ctx: DraftRouteContext,
  decisionId: string,
  source: 'LOCAL' | 'LOCAL_FALLBACK',
  failureReason: string | null,
  fallbackFrom?: DraftPublisher,
): Promise<AiDraft> {
  const streaming = await storeDraft(ctx, {
    body: '',
    citations: ctx.citations ?? [],
    source,
    status: 'STREAMING',
    modelId: '',
    promptVersion: '',
    escalationDecisionId: decisionId,
    failureReason,
  });
  const publisher = fallbackFrom ?? new DraftPublisher(ctx.redis, streaming.id);
  if (fallbackFrom) await publisher.restart();
  else await ctx.onDraftStarted?.(streaming.id);
  let local: LocalDraft;
  try {
    local = await ctx.localDraft({ onText: (text) => publisher.update(text) });
  } catch (error) {
    // Left STREAMING, the page would show "writing…" for ever; a retried job starts the row over.
    const failed = await ctx.db.aiDraft.update({
      where: { id: streaming.id, tenantId: ctx.tenantId },
      data: { status: 'FAILED', failureReason: `local model failed: ${(error as Error).message}`.slice(0, 500) },
    });
    await publisher.done(failed.body, failed.status, failed.source);
    throw error;
  }
  const draft = await storeDraft(ctx, {
    body: local.body,
    citations: local.citations ?? ctx.citations ?? [],
    source,
    status: 'READY',
    modelId: local.modelId,
    promptVersion: local.promptVersion,
    tokensIn: local.tokensIn ?? 0,
    tokensOut: local.tokensOut ?? 0,
    durationMs: local.durationMs ?? 0,
    escalationDecisionId: decisionId,
    failureReason,
  });
  await publisher.done(draft.body, draft.status, draft.source);
  return draft;
}

/**
 * Decides local vs cloud for a ticket version's reply draft and produces it. A job retried after the draft
 * was stored returns that draft without calling anything again, so the ledger and budget see each call once.
 */
export async function routeDraft(ctx: DraftRouteContext): Promise<DraftRouteResult> {
  const { db, tenantId } = ctx;
  const existing = await db.aiDraft.findFirst({ where: { tenantId, ticketId: ctx.ticketId, contentVersion: ctx.contentVersion } });
  const existingDecision = await db.escalationDecision.findFirst({
    where: { tenantId, ticketId: ctx.ticketId, contentVersion: ctx.contentVersion },
  });
  const policy = await getPolicy(db, tenantId);
  if (existing && existingDecision && DONE.has(existing.status)) {
    const triage = await db.triageResult.findFirst({ where: { tenantId, ticketId: ctx.ticketId }, orderBy: { contentVersion: 'desc' } });
    const needsAgentInput = hasGap(existing.body);
    return { draft: existing, decision: existingDecision, autoSend: autoSendEligible(policy, triage) && !needsAgentInput, needsAgentInput };
  }

  const signals = await loadTicketSignals(db, tenantId, ctx.ticketId, ctx.contentVersion);
  const budget = await ensureBudget(db, tenantId);
  const verdict = decideEscalation(escalationInput(policy, signals, remainingMicros(budget)));
  const autoSend = autoSendEligible(policy, signals.triage);
  if (!verdict.escalate || !verdict.model) {
    const decision = await storeDecision(ctx, verdict, verdict.blockedBy, false);
    return { draft: await storeLocal(ctx, decision.id, 'LOCAL', null), decision, autoSend, needsAgentInput: false };
  }
  const model = verdict.model;

  const redaction = redactAll([signals.ticket.subject, ...signals.thread.map((m) => m.text)], {
    knownNames: [signals.ticket.customer.name],
  });
  const [subject = '', ...texts] = redaction.texts;
  const prompt = buildDraftPrompt({
    tenant: await loadTenantProfile(db, tenantId),
    cacheMinimumTokens: cacheMinimumTokens(model),
    knowledge: ctx.knowledge ?? [],
    subject,
    thread: signals.thread.map((m, i) => ({ from: m.from, text: texts[i] ?? '' })),
  });
  const maxTokens = ctx.cloud?.maxTokens ?? 1024;
  const maxAttempts = ctx.cloud?.maxAttempts ?? 3;
  const inputEstimate = countTokens(JSON.stringify(prompt)) * 2 + 64;

  let maxCost: bigint;
  try {
    maxCost =
      (await estimateMaxCost(db, { tenantId, model, maxInputTokens: inputEstimate, maxOutputTokens: maxTokens })) * BigInt(maxAttempts);
  } catch {
    const decision = await storeDecision(ctx, verdict, 'no_price', false);
    return {
      draft: await storeLocal(ctx, decision.id, 'LOCAL', `no cloud price for ${model}`),
      decision,
      autoSend,
      needsAgentInput: false,
    };
  }
  const keys = attemptKeys(ctx.jobId, ctx.attempt ?? 0);
  const holdKey = keys.hold;
  await settleAbandonedHolds(db, tenantId, ctx.jobId, holdKey);
  const hold = await reserve(db, tenantId, holdKey, maxCost);
  if (!hold.ok) {
    const decision = await storeDecision(ctx, verdict, 'budget', false);
    return { draft: await storeLocal(ctx, decision.id, 'LOCAL', null), decision, autoSend, needsAgentInput: false };
  }

  const decision = await storeDecision(ctx, verdict, null, true);
  const streaming = await storeDraft(ctx, {
    body: '',
    citations: ctx.citations ?? [],
    source: 'CLOUD',
    status: 'STREAMING',
    modelId: model,
    promptVersion: DRAFT_PROMPT_VERSION,
    escalationDecisionId: decision.id,
    redactionSummary: redaction.summary,
    failureReason: null,
  });
  const publisher = new DraftPublisher(ctx.redis, streaming.id);
  await ctx.onDraftStarted?.(streaming.id);
  let raw = '';
  let spent = 0n;
  const result = await callCloud(
    { model, system: prompt.system, messages: prompt.messages, maxTokens },
    {
      client: ctx.cloud?.client ?? createCloudClient(cloudSettings(loadConfig())),
      breaker: ctx.cloud?.breaker ?? breakerFor(model, ctx.redis),
      timeoutMs: ctx.cloud?.timeoutMs ?? 60_000,
      maxAttempts,
      baseBackoffMs: ctx.cloud?.baseBackoffMs ?? 1_000,
      maxRetryAfterMs: ctx.cloud?.maxRetryAfterMs ?? 30_000,
      onAttempt: async (n) => {
        raw = '';
        if (n > 1) await publisher.restart();
      },
      onText: async (delta) => {
        raw += delta;
        await publisher.update(restoreStablePrefix(raw, redaction.map));
      },
      onUsage: async (call, usage, durationMs, outcome) => {
        const event = await recordUsage(db, {
          tenantId,
          ticketId: ctx.ticketId,
          feature: 'ESCALATED_DRAFT',
          model,
          provider: 'CLOUD',
          ...usage,
          durationMs,
          idempotencyKey: keys.call(call),
          jobId: ctx.jobId,
          attempt: ctx.attempt ?? null,
          redactionSummary: redaction.summary,
          reason: outcome === 'ok' ? verdict.reasons.join('; ') : `failed: ${outcome}`,
        });
        spent += event.costMicros;
      },
    },
  );
  if (spent > 0n) await settle(db, tenantId, holdKey, spent);
  else await release(db, tenantId, holdKey);

  if (!result.ok)
    return {
      draft: await storeLocal(ctx, decision.id, 'LOCAL_FALLBACK', result.reason, publisher),
      decision,
      autoSend,
      needsAgentInput: false,
    };
  const restored = restore(result.text, redaction.map);
  const draft = await storeDraft(ctx, {
    body: restored.text,
    citations: ctx.citations ?? [],
    source: 'CLOUD',
    status: 'READY',
    modelId: model,
    promptVersion: DRAFT_PROMPT_VERSION,
    tokensIn: result.usage.tokensIn + result.usage.cacheWriteTokens + result.usage.cacheReadTokens,
    tokensOut: result.usage.tokensOut,
    durationMs: result.durationMs,
    escalationDecisionId: decision.id,
    redactionSummary: redaction.summary,
    failureReason: result.attempts > 1 ? `succeeded after ${result.attempts} attempts` : null,
  });
  await publisher.done(draft.body, draft.status, draft.source);
  return { draft, decision, autoSend: autoSend && !restored.needsAgentInput, needsAgentInput: restored.needsAgentInput };
}

import { createHash } from 'node:crypto';
import type { Db, Prisma, TriageResult } from '@helpdesk/db';
import type { LlamaGrammar } from 'node-llama-cpp';
import { complete } from './completion';
import { CUSTOMER_DATA_RULE, customerBlock } from './customer-text';
import { loadActiveClassifier, type Prediction } from '@helpdesk/classifier';
import type { ModelRuntime } from './runtime';
import { loadTicketForAi } from './ticket-text';
import { clampConfidence, OTHER_CATEGORY, triageJsonSchema, triageOutput, type TriageOutput } from './triage-schema';
import { recordLocalUsage, type JobRef } from './usage';

export const TRIAGE_PROMPT_VERSION = 'triage-v1';
/** Above this the tenant's classifier decides the category alone. */
export const CLASSIFIER_CONFIDENT = 0.8;
const CLASSIFIER_CANDIDATES = 3;
const MAX_ATTEMPTS = 2;

export interface Taxonomy {
  categories: { key: string; name: string; description: string | null }[];
}

export function triageSystemPrompt(taxonomy: Taxonomy): string {
  const lines = taxonomy.categories.map((c) => `- ${c.key}: ${c.name}${c.description ? ` (${c.description})` : ''}`);
  return [
    'You triage customer support tickets. Answer with one JSON object only.',
    CUSTOMER_DATA_RULE,
    'Categories:',
    ...lines,
    `- ${OTHER_CATEGORY}: none of the above`,
    'priority: LOW, NORMAL, HIGH or URGENT. sentiment: VERY_NEGATIVE, NEGATIVE, NEUTRAL or POSITIVE.',
    'language: ISO 639-1 code of the customer text. confidence: 0 to 1. summary: one line.',
  ].join('\n');
}

export function triageUserPrompt(subject: string, text: string): string {
  return `Subject: ${subject}\n${customerBlock(text)}`;
}

const grammars = new WeakMap<ModelRuntime, Map<string, Promise<LlamaGrammar>>>();

function grammarFor(runtime: ModelRuntime, keys: string[]): Promise<LlamaGrammar> {
  let byKeys = grammars.get(runtime);
  if (!byKeys) grammars.set(runtime, (byKeys = new Map()));
  const id = keys.join('\u0000');
  let grammar = byKeys.get(id);
  if (!grammar) byKeys.set(id, (grammar = runtime.llama.createGrammarForJsonSchema(triageJsonSchema(keys))));
  return grammar;
}

export interface TriageAttempt {
  output: TriageOutput | null;
  invalidOutputs: number;
  clamped: boolean;
  tokensIn: number;
  tokensOut: number;
  promptTokensEvaluated: number;
  durationMs: number;
  /** The part of durationMs spent waiting for a free sequence. */
  waitMs: number;
}

/** Runs the model under the triage grammar, validating with zod; an invalid answer is counted and retried once. */
export async function generateTriage(
  runtime: ModelRuntime,
  input: { tenantId: string; taxonomy: Taxonomy; allowedKeys: string[]; subject: string; text: string; reusePrefix?: boolean },
): Promise<TriageAttempt> {
  const system = triageSystemPrompt(input.taxonomy);
  const prefixKey = `${input.tenantId}:${TRIAGE_PROMPT_VERSION}:${createHash('sha1').update(system).digest('hex')}`;
  const grammar = await grammarFor(runtime, input.allowedKeys);
  const schema = triageOutput(input.allowedKeys);
  const result: TriageAttempt = { output: null, invalidOutputs: 0, clamped: false, tokensIn: 0, tokensOut: 0, promptTokensEvaluated: 0, durationMs: 0, waitMs: 0 };
  for (let attempt = 0; attempt < MAX_ATTEMPTS && !result.output; attempt++) {
    const run = await complete(runtime, {
      system,
      prefixKey,
      user: triageUserPrompt(input.subject, input.text),
      grammar,
      maxTokens: 256,
      reusePrefix: input.reusePrefix,
    });
    result.tokensIn += run.promptTokens;
    result.tokensOut += run.outputTokens;
    result.promptTokensEvaluated += run.promptTokensEvaluated;
    result.durationMs += run.durationMs;
    result.waitMs += run.waitMs;
    const parsed = safeJson(run.text);
    const valid = schema.safeParse(parsed);
    if (!valid.success) {
      result.invalidOutputs++;
      continue;
    }
    const confidence = clampConfidence(valid.data.confidence);
    result.clamped = confidence.clamped;
    result.output = { ...valid.data, confidence: confidence.value };
  }
  return result;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Classifier verdict → which categories the model may still choose, and whether the category is settled. */
export function planCategory(prediction: Pick<Prediction, 'ranked' | 'confidence' | 'outOfScope'> | null, allKeys: string[]) {
  if (!prediction || prediction.outOfScope) return { settled: null, allowedKeys: allKeys, outOfScope: prediction?.outOfScope ?? false };
  const known = prediction.ranked.filter((r) => allKeys.includes(r.key));
  const top = known[0];
  if (top && prediction.confidence >= CLASSIFIER_CONFIDENT) return { settled: top, allowedKeys: [top.key], outOfScope: false };
  const candidates = known.slice(0, CLASSIFIER_CANDIDATES).map((r) => r.key);
  return { settled: null, allowedKeys: candidates.length ? candidates : allKeys, outOfScope: false };
}

/** The triage job: one TriageResult per ticket content version, whatever the retries. */
export async function triageTicket(
  db: Db,
  runtime: ModelRuntime,
  ref: { tenantId: string; ticketId: string; contentVersion: number },
  job?: JobRef,
): Promise<TriageResult> {
  const existing = await db.triageResult.findFirst({ where: { tenantId: ref.tenantId, ticketId: ref.ticketId, contentVersion: ref.contentVersion } });
  if (existing) return existing;
  const ticket = await loadTicketForAi(db, ref.tenantId, ref.ticketId);
  const categories = await db.category.findMany({
    where: { tenantId: ref.tenantId, active: true },
    orderBy: { key: 'asc' },
    select: { key: true, name: true, description: true },
  });
  const allKeys = categories.map((c) => c.key);
  const classifier = await loadActiveClassifier(db, ref.tenantId);
  const prediction = classifier ? classifier.predict(`${ticket.subject}\n${ticket.text}`) : null;
  const plan = planCategory(prediction, allKeys);

  const run = await generateTriage(runtime, {
    tenantId: ref.tenantId,
    taxonomy: { categories },
    allowedKeys: plan.allowedKeys,
    subject: ticket.subject,
    text: ticket.text,
  });
  const out = run.output;
  const modelCategory = out && out.category !== OTHER_CATEGORY ? out.category : null;
  const data = {
    tenantId: ref.tenantId,
    ticketId: ref.ticketId,
    contentVersion: ref.contentVersion,
    categoryKey: plan.settled?.key ?? modelCategory,
    priority: out?.priority ?? 'NORMAL',
    sentiment: out?.sentiment ?? 'NEUTRAL',
    language: out?.language ?? 'other',
    confidence: plan.settled ? plan.settled.prob : (out?.confidence ?? 0),
    outOfScope: plan.outOfScope,
    summary: out?.summary.trim() || ticket.subject.slice(0, 120),
    source: plan.settled ? ('CLASSIFIER' as const) : ('LOCAL_MODEL' as const),
    candidates: (prediction?.ranked.slice(0, CLASSIFIER_CANDIDATES) ?? []) as Prisma.InputJsonValue,
    modelId: runtime.modelId,
    promptVersion: TRIAGE_PROMPT_VERSION,
    tokensIn: run.tokensIn,
    tokensOut: run.tokensOut,
    promptTokensEvaluated: run.promptTokensEvaluated,
    invalidOutputs: run.invalidOutputs,
    truncated: ticket.truncated,
    durationMs: run.durationMs,
  };
  // A retried job after a crash may race its earlier self: the unique key keeps one row.
  const stored = await db.triageResult.upsert({
    where: { ticketId_contentVersion: { ticketId: ref.ticketId, contentVersion: ref.contentVersion }, tenantId: ref.tenantId },
    create: data,
    update: {},
  });
  await recordLocalUsage(db, runtime, { ...ref, feature: 'TRIAGE', tokensIn: run.tokensIn, tokensOut: run.tokensOut, durationMs: run.durationMs, waitMs: run.waitMs }, job);
  return stored;
}

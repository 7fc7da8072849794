import { createHash } from 'node:crypto';
import type { Db, Prisma, TriageResult } from '@helpdesk/db';
import type { LlamaGrammar } from 'node-llama-cpp';
import { chooseConstrained, complete, type ModelRuntime } from '@helpdesk/llm';
import { CUSTOMER_DATA_RULE, dataBlock } from './customer-text';
import { cascadeCandidates, cascadeDecision, loadActiveClassifier, type Prediction } from '@helpdesk/classifier';
import { loadTicketForAi } from './ticket-text';
import { OTHER_CATEGORY, triageFields, triageFieldsJsonSchema, type CategoryChoice, type TriageFields } from './triage-schema';
import { recordLocalUsage, type JobRef } from './usage';
import { contentWhere, contentKey, type ContentRef } from './content-ref';

export const TRIAGE_PROMPT_VERSION = 'triage-v4';
const MAX_ATTEMPTS = 2;
const CATEGORY_ANSWER_PREFIX = '{"category":"';

export interface Taxonomy {
  categories: { key: string; name: string; description: string | null }[];
}

/** Lists the whole taxonomy even when fewer keys are scored: the prompt stays one cached prefix per tenant. */
export function categorySystemPrompt(taxonomy: Taxonomy): string {
  const lines = taxonomy.categories.map((c) => `- ${c.key}: ${c.name}${c.description ? ` (${c.description})` : ''}`);
  return [
    'You triage customer support tickets. Answer with the category of the ticket as JSON.',
    CUSTOMER_DATA_RULE,
    'Categories:',
    ...lines,
    `- ${OTHER_CATEGORY}: none of the above`,
  ].join('\n');
}

/** The same for every tenant: what the classifier does not give. */
export function fieldsSystemPrompt(): string {
  return [
    'You triage customer support tickets. Answer with one JSON object only.',
    CUSTOMER_DATA_RULE,
    'priority: LOW, NORMAL, HIGH or URGENT. sentiment: VERY_NEGATIVE, NEGATIVE, NEUTRAL or POSITIVE.',
    'language: ISO 639-1 code of the customer text. summary: one line.',
  ].join('\n');
}

/**
 * The follow-up question after the model chose the category: the ticket is already in that exchange's KV state,
 * so asking here costs the answer and these lines, not the ticket again.
 */
export function fieldsFollowUpPrompt(): string {
  return [
    'Now answer with one JSON object only, for the same ticket.',
    'priority: LOW, NORMAL, HIGH or URGENT. sentiment: VERY_NEGATIVE, NEGATIVE, NEUTRAL or POSITIVE.',
    'language: ISO 639-1 code of the customer text. summary: one line.',
  ].join('\n');
}

export function triageUserPrompt(subject: string, text: string): string {
  return dataBlock([
    { name: 'subject', text: subject },
    { name: 'customer_message', text },
  ]);
}

const grammars = new WeakMap<ModelRuntime, Promise<LlamaGrammar>>();

function fieldsGrammar(runtime: ModelRuntime): Promise<LlamaGrammar> {
  let grammar = grammars.get(runtime);
  if (!grammar) grammars.set(runtime, (grammar = runtime.llama.createGrammarForJsonSchema(triageFieldsJsonSchema())));
  return grammar;
}

export interface TriageAttempt {
  /** Null when the model was not asked for the category (the classifier settled it). */
  category: CategoryChoice | null;
  fields: TriageFields | null;
  invalidOutputs: number;
  tokensIn: number;
  /** Generated tokens plus the answer tokens scored for the category choice. */
  tokensOut: number;
  promptTokensEvaluated: number;
  durationMs: number;
  /** The part of durationMs spent waiting for a free sequence. */
  waitMs: number;
}

interface TicketPrompt {
  system: string;
  prefixKey: string;
  user: string;
}

/** The tenant's category prompt for one ticket: one cached prefix per tenant and taxonomy. */
function categoryPrompt(tenantId: string, taxonomy: Taxonomy, user: string): TicketPrompt {
  const system = categorySystemPrompt(taxonomy);
  return { system, prefixKey: `${tenantId}:${TRIAGE_PROMPT_VERSION}:category:${createHash('sha1').update(system).digest('hex')}`, user };
}

/** The model picks among `keys` and `other`; its probability for the pick comes from its token probabilities. */
async function chooseCategory(runtime: ModelRuntime, prompt: TicketPrompt, keys: string[], reusePrefix?: boolean) {
  const run = await chooseConstrained(runtime, {
    ...prompt,
    answerPrefix: CATEGORY_ANSWER_PREFIX,
    answerSuffix: '"',
    choices: [...keys.filter((k) => k !== OTHER_CATEGORY), OTHER_CATEGORY],
    reusePrefix,
  });
  return { choice: { key: run.choice, prob: run.prob } satisfies CategoryChoice, run };
}

/**
 * The local model's part of triage. The category is asked only when `allowedKeys` is given (the
 * classifier did not settle it); priority, sentiment, language and summary always come from the model,
 * under a grammar, validated with zod, an invalid answer counted and retried once.
 */
export async function generateTriage(
  runtime: ModelRuntime,
  input: { tenantId: string; taxonomy: Taxonomy; allowedKeys: string[] | null; subject: string; text: string; reusePrefix?: boolean },
): Promise<TriageAttempt> {
  const result: TriageAttempt = {
    category: null,
    fields: null,
    invalidOutputs: 0,
    tokensIn: 0,
    tokensOut: 0,
    promptTokensEvaluated: 0,
    durationMs: 0,
    waitMs: 0,
  };
  const user = triageUserPrompt(input.subject, input.text);
  // Built once: the category question and its follow-up share it, and with it the ticket's KV state.
  const asked = input.allowedKeys ? categoryPrompt(input.tenantId, input.taxonomy, user) : null;
  if (asked) {
    const { choice, run } = await chooseCategory(runtime, asked, input.allowedKeys!, input.reusePrefix);
    result.category = choice;
    result.tokensIn += run.promptTokens;
    result.tokensOut += run.scoredTokens;
    result.promptTokensEvaluated += run.promptTokensEvaluated;
    result.durationMs += run.durationMs;
    result.waitMs += run.waitMs;
  }
  const grammar = await fieldsGrammar(runtime);
  // After a category answer the fields are its follow-up, on the sequence that holds the ticket; when the
  // classifier settled the category, a short prompt of their own that every tenant shares.
  const prompt =
    asked && result.category
      ? { ...asked, turns: [{ answer: `${CATEGORY_ANSWER_PREFIX}${result.category.key}"}`, user: fieldsFollowUpPrompt() }] }
      : { system: fieldsSystemPrompt(), prefixKey: `${TRIAGE_PROMPT_VERSION}:fields`, user };
  for (let attempt = 0; attempt < MAX_ATTEMPTS && !result.fields; attempt++) {
    const run = await complete(runtime, {
      ...prompt,
      grammar,
      maxTokens: 256,
      reusePrefix: input.reusePrefix,
    });
    result.tokensIn += run.promptTokens;
    result.tokensOut += run.outputTokens;
    result.promptTokensEvaluated += run.promptTokensEvaluated;
    result.durationMs += run.durationMs;
    result.waitMs += run.waitMs;
    const valid = triageFields.safeParse(safeJson(run.text));
    if (valid.success) result.fields = valid.data;
    else result.invalidOutputs++;
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

export interface CategoryPlan {
  /** The classifier's answer when it is final (calibrated probability ≥ the cascade's `final` threshold). */
  settled: { key: string; prob: number } | null;
  /** The keys the local model chooses among (plus `other`); null when it is not asked for the category. */
  ask: string[] | null;
  outOfScope: boolean;
}

/** Classifier verdict → whether the category is settled, or which categories the model may still choose. */
export function planCategory(prediction: Prediction | null, allKeys: string[]): CategoryPlan {
  if (!prediction) return { settled: null, ask: allKeys, outOfScope: false };
  const decision = cascadeDecision(prediction);
  if (decision === 'escalate') return { settled: null, ask: allKeys, outOfScope: prediction.outOfScope };
  const known = prediction.ranked.filter((r) => allKeys.includes(r.key));
  const top = known[0];
  if (decision === 'final' && top && top.key === prediction.ranked[0]?.key) return { settled: top, ask: null, outOfScope: false };
  const candidates = cascadeCandidates({ ...prediction, ranked: known }).map((r) => r.key);
  return { settled: null, ask: candidates.length ? candidates : allKeys, outOfScope: false };
}

/** The triage job: one TriageResult per ticket content version, whatever the retries. */
export async function triageTicket(db: Db, runtime: ModelRuntime, ref: ContentRef, job?: JobRef): Promise<TriageResult> {
  const existing = await db.triageResult.findFirst({
    where: contentWhere(ref),
  });
  if (existing) return existing;
  const ticket = await loadTicketForAi(db, ref.tenantId, ref.ticketId);
  const categories = await db.category.findMany({
    where: { tenantId: ref.tenantId, active: true },
    orderBy: { key: 'asc' },
    select: { key: true, name: true, description: true },
  });
  const allKeys = categories.map((c) => c.key);
  const classifier = await loadActiveClassifier(db, ref.tenantId);
  const prediction = classifier ? classifier.predict(ticket.classifierText) : null;
  const plan = planCategory(prediction, allKeys);

  const run = await generateTriage(runtime, {
    tenantId: ref.tenantId,
    taxonomy: { categories },
    allowedKeys: plan.ask,
    subject: ticket.subject,
    text: ticket.text,
  });
  const fields = run.fields;
  const chosen = run.category;
  // The model answering `other` is out of scope, like the classifier saying so: escalation or a person.
  const modelOutOfScope = chosen?.key === OTHER_CATEGORY;
  const data = {
    tenantId: ref.tenantId,
    ticketId: ref.ticketId,
    contentVersion: ref.contentVersion,
    categoryKey: plan.settled?.key ?? (chosen && !modelOutOfScope ? chosen.key : null),
    priority: fields?.priority ?? 'NORMAL',
    sentiment: fields?.sentiment ?? 'NEUTRAL',
    language: fields?.language ?? 'other',
    // Only probabilities act: the classifier's calibrated one, or the model's own for its choice.
    confidence: plan.settled?.prob ?? chosen?.prob ?? 0,
    outOfScope: plan.outOfScope || modelOutOfScope,
    summary: fields?.summary.trim() || ticket.subject.slice(0, 120),
    source: plan.settled ? ('CLASSIFIER' as const) : ('LOCAL_MODEL' as const),
    candidates: (prediction ? cascadeCandidates(prediction) : []) as Prisma.InputJsonValue,
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
    where: contentKey(ref),
    create: data,
    update: {},
  });
  await recordLocalUsage(
    db,
    runtime,
    { ...ref, feature: 'TRIAGE', tokensIn: run.tokensIn, tokensOut: run.tokensOut, durationMs: run.durationMs, waitMs: run.waitMs },
    job,
  );
  return stored;
}

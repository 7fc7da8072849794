import {
  LlamaCompletion,
  resolveChatWrapper,
  type LlamaGrammar,
  type ChatWrapper,
  type ControlledEvaluateInputItem,
  type Token,
} from 'node-llama-cpp';
import type { ModelRuntime } from './runtime';

export interface CompletionRequest {
  /** Stable per tenant (system prompt + taxonomy): the part whose KV state is reused across tickets. */
  system: string;
  prefixKey: string;
  user: string;
  /**
   * Exchanges after `user`, oldest first: the model answered `answer`, then the user wrote `user`. A follow-up
   * question about the same ticket then reuses the first exchange's KV state instead of evaluating the ticket again.
   */
  turns?: { answer: string; user: string }[];
  grammar?: LlamaGrammar;
  maxTokens: number;
  /** Without reuse the sequence is cleared first; the bench uses it as the baseline. */
  reusePrefix?: boolean;
  /** Receives the decoded text as it is generated, chunk by chunk (local draft streaming). */
  onTextChunk?: (text: string) => void;
  /** Aborts the generation (a reader who went away): the call rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface CompletionResult {
  text: string;
  promptTokens: number;
  /** Prompt tokens actually run through the model: the rest came from the sequence's KV cache. */
  promptTokensEvaluated: number;
  outputTokens: number;
  /** Wall time from the call to the answer, the wait for a free sequence included. */
  durationMs: number;
  /** Time spent waiting for a free sequence: no compute of ours, so not billed as such. */
  waitMs: number;
  warm: boolean;
}

const wrappers = new WeakMap<ModelRuntime, ChatWrapper>();

function chatWrapper(runtime: ModelRuntime): ChatWrapper {
  let wrapper = wrappers.get(runtime);
  if (!wrapper) {
    wrapper = resolveChatWrapper(runtime.model);
    wrappers.set(runtime, wrapper);
  }
  return wrapper;
}

function promptTokens(runtime: ModelRuntime, system: string, user: string, turns: CompletionRequest['turns'] = []): Token[] {
  const { contextText } = chatWrapper(runtime).generateContextState({
    chatHistory: [
      { type: 'system', text: system },
      { type: 'user', text: user },
      ...turns.flatMap((t) => [
        { type: 'model' as const, response: [t.answer] },
        { type: 'user' as const, text: t.user },
      ]),
      { type: 'model', response: [] },
    ],
  });
  return contextText.tokenize(runtime.model.tokenizer);
}

function count(runtime: ModelRuntime, promptTokens: number, outputTokens: number, computeMs: number): void {
  runtime.stats.promptTokens += promptTokens;
  runtime.stats.outputTokens += outputTokens;
  runtime.stats.computeSeconds += Math.max(0, computeMs) / 1000;
}

/** Renders system + user through the model's chat template and completes it on a pooled sequence. */
export async function complete(runtime: ModelRuntime, request: CompletionRequest): Promise<CompletionResult> {
  const started = performance.now();
  const tokens = promptTokens(runtime, request.system, request.user, request.turns);
  const waitStarted = performance.now();
  const lease = await runtime.pool.acquire(request.prefixKey);
  const waitMs = Math.round(performance.now() - waitStarted);
  try {
    if (request.reusePrefix === false) await lease.sequence.clearHistory();
    const { firstDifferentIndex } = lease.sequence.compareContextTokens(tokens);
    // LlamaCompletion keeps at least the last prompt token to decode from.
    const reused = Math.min(firstDifferentIndex, tokens.length - 1);
    // Each LlamaCompletion registers a dispose listener on the sequence, which lives as long as the process:
    // disposing it (not the sequence) when this call ends keeps completions from piling listeners up.
    const completion = new LlamaCompletion({ contextSequence: lease.sequence });
    let outputTokens = 0;
    // LlamaCompletion adds BOS itself; passing ours too would double it and defeat prefix matching.
    const bos = runtime.model.tokens.bos;
    const body = bos !== null && tokens[0] === bos ? tokens.slice(1) : tokens;
    let text: string;
    try {
      text = await completion.generateCompletion(body, {
        grammar: request.grammar,
        maxTokens: request.maxTokens,
        temperature: 0,
        onTextChunk: request.onTextChunk,
        signal: request.signal,
        onToken: (t) => {
          outputTokens += t.length;
        },
      });
    } finally {
      completion.dispose({ disposeSequence: false });
    }
    const durationMs = Math.round(performance.now() - started);
    count(runtime, tokens.length - reused, outputTokens, durationMs - waitMs);
    return {
      text,
      promptTokens: tokens.length,
      promptTokensEvaluated: tokens.length - reused,
      outputTokens,
      durationMs,
      waitMs,
      warm: lease.warm,
    };
  } finally {
    lease.release(request.prefixKey);
  }
}

export interface ChoiceRequest {
  system: string;
  prefixKey: string;
  user: string;
  /** What the answer starts with before the choice, e.g. `{"category":"`. */
  answerPrefix: string;
  /** What closes the choice, e.g. `"`: it marks the end, so a choice that is a prefix of another is told apart. */
  answerSuffix: string;
  choices: string[];
  reusePrefix?: boolean;
}

export interface ChoiceResult {
  choice: string;
  /**
   * The probability of `choice` under constrained decoding: the product, over the tokens where the
   * choices part ways, of the model's probability for the token taken, renormalised over the tokens the
   * remaining choices allow there. Read from the model's logits, never from text the model wrote.
   */
  prob: number;
  promptTokens: number;
  promptTokensEvaluated: number;
  /** Answer tokens run through the model to reach the choice. */
  scoredTokens: number;
  durationMs: number;
  /** The part of durationMs spent waiting for a free sequence. */
  waitMs: number;
}

/**
 * Picks one of a closed set of answers the way a grammar-constrained greedy decoder would, token by
 * token among the tokens some remaining choice allows, and returns the exact probability of the path
 * taken. Tokens every remaining choice shares are fed in one batch, so the model runs once per branching
 * point, not once per choice.
 */
export async function chooseConstrained(runtime: ModelRuntime, request: ChoiceRequest): Promise<ChoiceResult> {
  const started = performance.now();
  if (request.choices.length === 0) throw new Error('chooseConstrained needs at least one choice');
  const prompt = promptTokens(runtime, request.system, request.user);
  const model = runtime.model;
  // Tokenised together with the answer prefix: a choice's first token may merge with the quote before it.
  const answers = request.choices.map((c) =>
    model.tokenize(`${request.answerPrefix}${c}${request.answerSuffix}`, false, 'trimLeadingSpace'),
  );
  let shared = answers[0]!.length;
  for (const a of answers) {
    let i = 0;
    while (i < shared && i < a.length && a[i] === answers[0]![i]) i++;
    shared = i;
  }
  const bos = model.tokens.bos;
  const body = bos !== null && prompt[0] === bos ? prompt : [...(bos !== null ? [bos] : []), ...prompt];
  const prefix = [...body, ...answers[0]!.slice(0, shared)];
  const keep = prefix.length - 1;
  const waitStarted = performance.now();
  const lease = await runtime.pool.acquire(request.prefixKey);
  const waitMs = Math.round(performance.now() - waitStarted);
  try {
    const sequence = lease.sequence;
    if (request.reusePrefix === false) await sequence.clearHistory();
    // The prefix but its last token stays in the KV cache for the next ticket; the last one is fed with
    // the answer so its logits give the first answer token's distribution.
    const reused = Math.min(sequence.compareContextTokens(prefix).firstDifferentIndex, keep);
    if (sequence.nextTokenIndex > reused) await sequence.eraseContextTokenRanges([{ start: reused, end: sequence.nextTokenIndex }]);
    if (keep > reused) await sequence.evaluateWithoutGeneratingNewTokens(prefix.slice(reused, keep));

    let remaining = answers.map((_, i) => i);
    let position = shared;
    let feed: Token[] = [prefix[keep]!];
    let logProb = 0;
    let scoredTokens = 0;
    while (remaining.length > 1) {
      const allowed = [...new Set(remaining.map((i) => answers[i]![position]).filter((t): t is Token => t !== undefined))];
      if (allowed.length === 1) {
        feed.push(allowed[0]!);
        position++;
        continue;
      }
      const input: ControlledEvaluateInputItem[] = feed.map((token, i) =>
        i === feed.length - 1 ? [token, { generateNext: { logits: { filter: { tokens: allowed } } } }] : token,
      );
      const outputs = await sequence.controlledEvaluate(input);
      scoredTokens += feed.length;
      const logits = outputs[feed.length - 1]?.next.logits;
      if (!logits) throw new Error('the model returned no logits for the answer');
      const scored = allowed.map((t) => ({ token: t, logit: logits.get(t) ?? -Infinity }));
      const best = scored.reduce((a, b) => (b.logit > a.logit ? b : a));
      const max = best.logit;
      logProb += -Math.log(scored.reduce((sum, s) => sum + Math.exp(s.logit - max), 0));
      remaining = remaining.filter((i) => answers[i]![position] === best.token);
      position++;
      feed = [best.token];
    }
    await sequence.eraseContextTokenRanges([{ start: keep, end: sequence.nextTokenIndex }]);
    const durationMs = Math.round(performance.now() - started);
    count(runtime, Math.max(0, keep - reused) + scoredTokens, 0, durationMs - waitMs);
    return {
      choice: request.choices[remaining[0]!]!,
      prob: Math.exp(logProb),
      promptTokens: prefix.length,
      promptTokensEvaluated: prefix.length - reused,
      scoredTokens,
      durationMs,
      waitMs,
    };
  } finally {
    lease.release(request.prefixKey);
  }
}

import { LlamaCompletion, resolveChatWrapper, type LlamaGrammar, type ChatWrapper, type ControlledEvaluateInputItem, type Token } from 'node-llama-cpp';
import type { ModelRuntime } from './runtime';

export interface CompletionRequest {
  /** Stable per tenant (system prompt + taxonomy): the part whose KV state is reused across tickets. */
  system: string;
  prefixKey: string;
  user: string;
  grammar?: LlamaGrammar;
  maxTokens: number;
  /** Without reuse the sequence is cleared first; the bench uses it as the baseline. */
  reusePrefix?: boolean;
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

function promptTokens(runtime: ModelRuntime, system: string, user: string): Token[] {
  const { contextText } = chatWrapper(runtime).generateContextState({
    chatHistory: [
      { type: 'system', text: system },
      { type: 'user', text: user },
      { type: 'model', response: [] },
    ],
  });
  return contextText.tokenize(runtime.model.tokenizer);
}

/** Renders system + user through the model's chat template and completes it on a pooled sequence. */
export async function complete(runtime: ModelRuntime, request: CompletionRequest): Promise<CompletionResult> {
  const started = performance.now();
  const tokens = promptTokens(runtime, request.system, request.user);
  const waitStarted = performance.now();
  const lease = await runtime.pool.acquire(request.prefixKey);
  const waitMs = Math.round(performance.now() - waitStarted);
  try {
    if (request.reusePrefix === false) await lease.sequence.clearHistory();
    const { firstDifferentIndex } = lease.sequence.compareContextTokens(tokens);
    // LlamaCompletion keeps at least the last prompt token to decode from.
    const reused = Math.min(firstDifferentIndex, tokens.length - 1);
    const completion = new LlamaCompletion({ contextSequence: lease.sequence });
    let outputTokens = 0;
    // LlamaCompletion adds BOS itself; passing ours too would double it and defeat prefix matching.
    const bos = runtime.model.tokens.bos;
    const body = bos !== null && tokens[0] === bos ? tokens.slice(1) : tokens;
    const text = await completion.generateCompletion(body, {
      grammar: request.grammar,
      maxTokens: request.maxTokens,
      temperature: 0,
      onToken: (t) => {
        outputTokens += t.length;
      },
    });
    return {
      text,
      promptTokens: tokens.length,
      promptTokensEvaluated: tokens.length - reused,
      outputTokens,
      durationMs: Math.round(performance.now() - started),
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
  /** Each choice's probability, normalised over the choices. */
  probabilities: Record<string, number>;
  promptTokens: number;
  promptTokensEvaluated: number;
  /** Answer tokens run through the model to score the choices. */
  scoredTokens: number;
  durationMs: number;
  /** The part of durationMs spent waiting for a free sequence. */
  waitMs: number;
}

/**
 * A closed choice scored by the model itself: the probability of each choice's tokens after the prompt
 * and `answerPrefix`, normalised over the choices. It is what grammar-constrained generation would pick
 * from, read from the model's token probabilities instead of asking the model how sure it is.
 */
export async function scoreChoices(runtime: ModelRuntime, request: ChoiceRequest): Promise<ChoiceResult> {
  const started = performance.now();
  if (request.choices.length === 0) throw new Error('scoreChoices needs at least one choice');
  const prompt = promptTokens(runtime, request.system, request.user);
  const model = runtime.model;
  // Tokenised together with the answer prefix: a choice's first token may merge with the quote before it.
  const answers = request.choices.map((c) => model.tokenize(`${request.answerPrefix}${c}${request.answerSuffix}`, false, 'trimLeadingSpace'));
  let shared = answers[0]!.length;
  for (const a of answers) {
    let i = 0;
    while (i < shared && i < a.length && a[i] === answers[0]![i]) i++;
    shared = i;
  }
  const bos = model.tokens.bos;
  const body = bos !== null && prompt[0] === bos ? prompt : [...(bos !== null ? [bos] : []), ...prompt];
  const prefix = [...body, ...answers[0]!.slice(0, shared)];
  const last = prefix[prefix.length - 1]!;
  const waitStarted = performance.now();
  const lease = await runtime.pool.acquire(request.prefixKey);
  const waitMs = Math.round(performance.now() - waitStarted);
  try {
    const sequence = lease.sequence;
    if (request.reusePrefix === false) await sequence.clearHistory();
    // Everything but the last prefix token stays in the KV cache; the last one is re-fed per choice to get
    // the distribution of the choice's first token.
    const keep = prefix.length - 1;
    const reused = Math.min(sequence.compareContextTokens(prefix).firstDifferentIndex, keep);
    if (sequence.nextTokenIndex > reused) await sequence.eraseContextTokenRanges([{ start: reused, end: sequence.nextTokenIndex }]);
    if (keep > reused) await sequence.evaluateWithoutGeneratingNewTokens(prefix.slice(reused, keep));
    const logProbs: number[] = [];
    let scoredTokens = 0;
    for (const answer of answers) {
      const rest = answer.slice(shared);
      // Each fed token yields the next one's logit, the top logit and the softmax denominator: log p exactly,
      // without copying the whole vocabulary's probabilities.
      const input: ControlledEvaluateInputItem[] = [last, ...rest.slice(0, -1)].map((token, i) => [
        token,
        { generateNext: { logits: { filter: { tokens: [rest[i]!], includeTop: 1 } }, totalLogitWeight: true } },
      ]);
      const outputs = await sequence.controlledEvaluate(input);
      let logProb = 0;
      rest.forEach((token, i) => {
        const next = outputs[i]?.next;
        const logits = next?.logits;
        if (!logits || !next.totalLogitWeight) throw new Error('the model returned no logits for a choice token');
        const max = Math.max(...logits.values());
        logProb += logits.get(token)! - max - Math.log(next.totalLogitWeight);
      });
      logProbs.push(logProb);
      scoredTokens += input.length;
      await sequence.eraseContextTokenRanges([{ start: keep, end: sequence.nextTokenIndex }]);
    }
    const top = Math.max(...logProbs);
    const weights = logProbs.map((l) => Math.exp(l - top));
    const total = weights.reduce((a, b) => a + b, 0);
    return {
      probabilities: Object.fromEntries(request.choices.map((c, i) => [c, weights[i]! / total])),
      promptTokens: prefix.length,
      promptTokensEvaluated: prefix.length - reused,
      scoredTokens,
      durationMs: Math.round(performance.now() - started),
      waitMs,
    };
  } finally {
    lease.release(request.prefixKey);
  }
}

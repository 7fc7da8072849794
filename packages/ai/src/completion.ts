import { LlamaCompletion, resolveChatWrapper, type LlamaGrammar, type ChatWrapper } from 'node-llama-cpp';
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

/** Renders system + user through the model's chat template and completes it on a pooled sequence. */
export async function complete(runtime: ModelRuntime, request: CompletionRequest): Promise<CompletionResult> {
  const started = performance.now();
  const { contextText } = chatWrapper(runtime).generateContextState({
    chatHistory: [
      { type: 'system', text: request.system },
      { type: 'user', text: request.user },
      { type: 'model', response: [] },
    ],
  });
  const tokens = contextText.tokenize(runtime.model.tokenizer);
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

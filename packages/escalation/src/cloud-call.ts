import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam, TextBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { Breaker } from './circuit-breaker';
import { countTokens } from './tokens';

export interface CloudUsage {
  tokensIn: number;
  tokensOut: number;
  cacheWriteTokens: number;
  cacheReadTokens: number;
}

export interface CloudRequest {
  model: string;
  system: TextBlockParam[];
  messages: MessageParam[];
  maxTokens: number;
}

export interface CloudCallOptions {
  client: Anthropic;
  breaker: Breaker;
  timeoutMs: number;
  maxAttempts: number;
  baseBackoffMs: number;
  /** A server asking for a longer wait than this is treated as down: we fall back rather than stall a job. */
  maxRetryAfterMs: number;
  onAttempt?: (attempt: number) => Promise<void> | void;
  onText?: (delta: string) => Promise<void> | void;
  /**
   * Called once per call that the API billed (completed, or cut off after it started answering). A call cut
   * off mid-stream reports the input from its opening usage and the output it actually streamed (see receivedUsage).
   */
  onUsage: (attempt: number, usage: CloudUsage, durationMs: number, outcome: 'ok' | string) => Promise<void>;
}

export type CloudResult =
  | { ok: true; text: string; usage: CloudUsage; attempts: number; stopReason: string | null; durationMs: number }
  | { ok: false; reason: string; attempts: number };

/**
 * Failed cloud attempts of this process by kind (timeout, connection, http_<status>, circuit_open): the worker's
 * /metrics reads it. A reason string would carry error messages; the kind keeps the series few.
 */
export const cloudFailures = new Map<string, number>();

function countFailure(kind: string): void {
  cloudFailures.set(kind, (cloudFailures.get(kind) ?? 0) + 1);
}

const RETRYABLE_STATUS = new Set([408, 409, 429, 500, 502, 503, 504, 529]);

interface Failure {
  kind: string;
  retryable: boolean;
  reason: string;
  retryAfterMs: number | null;
}

function classify(error: unknown, timedOut: boolean): Failure {
  if (timedOut) return { kind: 'timeout', retryable: true, reason: 'timeout', retryAfterMs: null };
  if (error instanceof Anthropic.APIError && typeof error.status === 'number') {
    const header = error.headers?.get('retry-after');
    const seconds = header !== null && header !== undefined ? Number(header) : NaN;
    const type = (error.error as { error?: { type?: string } } | undefined)?.error?.type;
    return {
      kind: `http_${error.status}`,
      retryable: RETRYABLE_STATUS.has(error.status),
      reason: `HTTP ${error.status}${type ? ` ${type}` : ''}`,
      retryAfterMs: Number.isFinite(seconds) ? seconds * 1000 : null,
    };
  }
  return { kind: 'connection', retryable: true, reason: `connection: ${(error as Error).message}`, retryAfterMs: null };
}

function usageOf(u: {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
  cache_read_input_tokens?: number | null;
}): CloudUsage {
  return {
    tokensIn: u.input_tokens ?? 0,
    tokensOut: u.output_tokens ?? 0,
    cacheWriteTokens: u.cache_creation_input_tokens ?? 0,
    cacheReadTokens: u.cache_read_input_tokens ?? 0,
  };
}

/**
 * What a stream cut off mid-way was billed: the API charges the output it generated, not the 1 token of the
 * opening usage. We count what arrived: at least one token per text delta, and at least the text's estimated
 * token count (a delta may carry several tokens); a cumulative message_delta usage, if one arrived, is exact.
 */
export function receivedUsage(start: CloudUsage, received: { deltas: number; text: string; reportedOut: number | null }): CloudUsage {
  const estimated = Math.max(received.deltas, countTokens(received.text));
  return { ...start, tokensOut: Math.max(start.tokensOut, received.reportedOut ?? 0, estimated) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Streams one reply draft with our own retry loop (the SDK's is off: it would hide attempts from the
 * breaker and the ledger). Honours retry-after, backs off exponentially otherwise, and gives up on
 * non-retryable errors, an open circuit, or after maxAttempts.
 */
export async function callCloud(request: CloudRequest, o: CloudCallOptions): Promise<CloudResult> {
  let lastReason = 'not attempted';
  for (let attempt = 1; attempt <= o.maxAttempts; attempt++) {
    if (!(await o.breaker.tryAcquire())) {
      countFailure('circuit_open');
      return { ok: false, reason: `circuit open for ${request.model} (last: ${lastReason})`, attempts: attempt - 1 };
    }
    await o.onAttempt?.(attempt);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, o.timeoutMs);
    const started = Date.now();
    let startUsage: CloudUsage | null = null;
    const received = { deltas: 0, text: '', reportedOut: null as number | null };
    let chain: Promise<void> = Promise.resolve();
    try {
      const stream = o.client.messages.stream(
        { model: request.model, max_tokens: request.maxTokens, system: request.system, messages: request.messages },
        { signal: controller.signal, maxRetries: 0 },
      );
      stream.on('streamEvent', (event) => {
        if (event.type === 'message_start') startUsage = usageOf(event.message.usage);
        else if (event.type === 'message_delta') received.reportedOut = event.usage.output_tokens;
      });
      stream.on('text', (delta) => {
        received.deltas++;
        received.text += delta;
        chain = chain.then(() => o.onText?.(delta));
      });
      const message = await stream.finalMessage();
      await chain;
      const durationMs = Date.now() - started;
      const usage = usageOf(message.usage);
      await o.breaker.recordSuccess();
      await o.onUsage(attempt, usage, durationMs, 'ok');
      const text = message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
      return { ok: true, text, usage, attempts: attempt, stopReason: message.stop_reason, durationMs };
    } catch (error) {
      const failure = classify(error, timedOut);
      countFailure(failure.kind);
      lastReason = failure.reason;
      await o.breaker.recordFailure(failure.retryable);
      // Deltas already received are still being published; a retry must not start its text under them.
      await chain.catch(() => undefined);
      if (startUsage) await o.onUsage(attempt, receivedUsage(startUsage, received), Date.now() - started, failure.reason);
      if (!failure.retryable || attempt === o.maxAttempts) return { ok: false, reason: failure.reason, attempts: attempt };
      if (failure.retryAfterMs !== null && failure.retryAfterMs > o.maxRetryAfterMs) {
        return {
          ok: false,
          reason: `${failure.reason}; retry-after ${failure.retryAfterMs}ms exceeds ${o.maxRetryAfterMs}ms`,
          attempts: attempt,
        };
      }
      const backoff = failure.retryAfterMs ?? o.baseBackoffMs * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
      await sleep(backoff);
    } finally {
      clearTimeout(timer);
    }
  }
  return { ok: false, reason: lastReason, attempts: o.maxAttempts };
}

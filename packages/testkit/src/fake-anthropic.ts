import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CACHE_TTL_MS, cacheMinimumTokens } from '@helpdesk/escalation/cache-minimums';

/**
 * A stand-in for the Anthropic Messages API: deterministic drafts, realistic usage and cache accounting,
 * and scripted faults, so the escalation path is exercised end to end with the real SDK and no network.
 * Its tokenizer is four characters a token, and it streams one token per delta. Prompt caching follows the
 * real rules: a marked prefix below the model's minimum (the shared table in @helpdesk/escalation) is not
 * cached; otherwise the first call writes it and calls within the TTL of its last use read it.
 */

export type ScriptedResponse =
  | { type: 'ok' }
  | { type: 'error'; status: 429 | 500 | 529; retryAfterSeconds?: number }
  | { type: 'slow'; delayMs: number }
  | { type: 'drop'; afterDeltas?: number };

export interface ReceivedRequest {
  at: string;
  path: string;
  body: unknown;
}

export interface FakeAnthropic {
  url: string;
  port: number;
  script(responses: ScriptedResponse[]): void;
  requests(): ReceivedRequest[];
  reset(): void;
  /** Moves the server's cache clock forward, so a test can step past the TTL without waiting. */
  advanceClock(ms: number): void;
  close(): Promise<void>;
}

interface TextBlock {
  type?: string;
  text?: string;
  cache_control?: { type?: string; ttl?: string } | null;
}

interface MessagesBody {
  model?: string;
  max_tokens?: number;
  stream?: boolean;
  system?: string | TextBlock[];
  messages?: { role: string; content: string | TextBlock[] }[];
}

const PLACEHOLDER = /\[[A-Z]+_\d+\]/g;

/** Roughly four characters a token, which is close enough for English prose. */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The tokens countTokens counts, in order: what each streamed delta carries. */
export function tokenPieces(text: string): string[] {
  return text.match(/[\s\S]{1,4}/g) ?? [];
}

function blocksText(content: string | TextBlock[] | undefined): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((b) => b.text ?? '').join('\n');
}

/** The cached prefix ends at the last system block carrying cache_control, as the real API counts it. */
function cachedPrefix(system: MessagesBody['system']): { text: string; ttlMs: number } | null {
  if (!Array.isArray(system)) return null;
  const last = system.map((b) => Boolean(b.cache_control)).lastIndexOf(true);
  if (last < 0) return null;
  return {
    text: system
      .slice(0, last + 1)
      .map((b) => b.text ?? '')
      .join('\n'),
    ttlMs: system[last]!.cache_control?.ttl === '1h' ? 3_600_000 : CACHE_TTL_MS,
  };
}

export function draftTextFor(body: MessagesBody): string {
  const userText = (body.messages ?? [])
    .filter((m) => m.role === 'user')
    .map((m) => blocksText(m.content))
    .join('\n');
  const ticket = /<ticket>([\s\S]*?)<\/ticket>/.exec(userText)?.[1] ?? userText;
  const placeholders = [...new Set(ticket.match(PLACEHOLDER) ?? [])];
  const words = ticket.replace(PLACEHOLDER, ' ').match(/[A-Za-z]{4,}/g) ?? [];
  const topic = words.slice(0, 6).join(' ').toLowerCase() || 'your request';
  const greeting = placeholders.find((p) => p.startsWith('[NAME_')) ?? 'there';
  const seen = placeholders.length > 0 ? ` I have noted the details you shared: ${placeholders.join(', ')}.` : '';
  return (
    `Hello ${greeting}, thank you for contacting us about ${topic}.${seen} ` +
    `We have reviewed your message and will resolve this for you as quickly as possible. ` +
    `Please reply to this email if anything else comes up. Best regards, the support team.`
  );
}

/** Cache entries by model and prefix hash, each with the time it expires (last use + TTL). */
type PromptCache = Map<string, number>;

function usageFor(body: MessagesBody, cache: PromptCache, now: number, outputText: string) {
  const prefix = cachedPrefix(body.system);
  const total = countTokens(blocksText(body.system)) + countTokens((body.messages ?? []).map((m) => blocksText(m.content)).join('\n'));
  const prefixTokens = prefix ? countTokens(prefix.text) : 0;
  const cacheable = prefix !== null && prefixTokens >= cacheMinimumTokens(body.model ?? '');
  let write = 0;
  let read = 0;
  if (cacheable) {
    const key = createHash('sha256').update(`${body.model}\0${prefix.text}`).digest('hex');
    const expires = cache.get(key);
    if (expires !== undefined && expires > now) read = prefixTokens;
    else write = prefixTokens;
    cache.set(key, now + prefix.ttlMs);
  }
  return {
    input_tokens: Math.max(1, total - write - read),
    output_tokens: countTokens(outputText),
    cache_creation_input_tokens: write,
    cache_read_input_tokens: read,
  };
}

const ERRORS = {
  429: { type: 'rate_limit_error', message: 'Number of requests has exceeded your rate limit' },
  500: { type: 'api_error', message: 'Internal server error' },
  529: { type: 'overloaded_error', message: 'Overloaded' },
} as const;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface FakeAnthropicOptions {
  port?: number;
  host?: string;
  /** Pause between streamed deltas, so a browser visibly receives the draft piece by piece. */
  deltaDelayMs?: number;
  /** The cache's clock (default Date.now); advanceClock() adds to it. */
  now?: () => number;
}

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const queue: ScriptedResponse[] = [];
  const received: ReceivedRequest[] = [];
  const cache: PromptCache = new Map();
  const deltaDelayMs = options.deltaDelayMs ?? 20;
  const baseClock = options.now ?? Date.now;
  let clockOffsetMs = 0;
  const now = () => baseClock() + clockOffsetMs;
  let counter = 0;

  async function handleMessages(req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
    let body: MessagesBody;
    try {
      body = JSON.parse(raw) as MessagesBody;
    } catch {
      return sendJson(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'body: invalid JSON' } });
    }
    received.push({ at: new Date().toISOString(), path: req.url ?? '', body });
    if (!body.model || !body.max_tokens || !Array.isArray(body.messages)) {
      return sendJson(res, 400, {
        type: 'error',
        error: { type: 'invalid_request_error', message: 'model, max_tokens and messages are required' },
      });
    }
    const step = queue.shift() ?? { type: 'ok' };
    if (step.type === 'error') {
      const headers: Record<string, string> = step.retryAfterSeconds !== undefined ? { 'retry-after': String(step.retryAfterSeconds) } : {};
      return sendJson(res, step.status, { type: 'error', error: ERRORS[step.status] }, headers);
    }
    if (step.type === 'slow') await sleep(step.delayMs);
    if (res.destroyed) return;

    const full = draftTextFor(body);
    const limit = body.max_tokens * 4;
    const text = full.length > limit ? full.slice(0, limit) : full;
    const stopReason = text.length < full.length ? 'max_tokens' : 'end_turn';
    const usage = usageFor(body, cache, now(), text);
    const id = `msg_fake_${++counter}`;

    if (!body.stream) {
      return sendJson(res, 200, {
        id,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [{ type: 'text', text }],
        stop_reason: stopReason,
        stop_sequence: null,
        usage,
      });
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send('message_start', {
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    });
    send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    const pieces = tokenPieces(text);
    for (const [i, piece] of pieces.entries()) {
      if (step.type === 'drop' && i >= (step.afterDeltas ?? 3)) {
        // Let the deltas already written reach the client first: the cut comes after them, as in production.
        await new Promise<void>((resolve) => res.write('', () => resolve()));
        res.socket?.destroy();
        return;
      }
      send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } });
      if (deltaDelayMs > 0) await sleep(deltaDelayMs);
      if (res.destroyed) return;
    }
    send('content_block_stop', { type: 'content_block_stop', index: 0 });
    send('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: {
        output_tokens: usage.output_tokens,
        input_tokens: usage.input_tokens,
        cache_creation_input_tokens: usage.cache_creation_input_tokens,
        cache_read_input_tokens: usage.cache_read_input_tokens,
      },
    });
    send('message_stop', { type: 'message_stop' });
    res.end();
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const path = (req.url ?? '').split('?')[0];
      if (req.method === 'POST' && path === '/v1/messages') return handleMessages(req, res, raw);
      if (req.method === 'POST' && path === '/_control/script') {
        let parsed: { responses?: ScriptedResponse[] };
        try {
          parsed = JSON.parse(raw || '{}') as typeof parsed;
        } catch {
          return sendJson(res, 400, { error: 'body: invalid JSON' });
        }
        if (!Array.isArray(parsed.responses)) return sendJson(res, 400, { error: 'responses: expected an array' });
        queue.push(...parsed.responses);
        return sendJson(res, 200, { queued: queue.length });
      }
      if (req.method === 'GET' && path === '/_control/requests') return sendJson(res, 200, { requests: received });
      if (req.method === 'POST' && path === '/_control/reset') {
        queue.length = 0;
        received.length = 0;
        cache.clear();
        return sendJson(res, 200, { ok: true });
      }
      if (req.method === 'POST' && path === '/_control/clock') {
        let parsed: { advanceMs?: unknown };
        try {
          parsed = JSON.parse(raw || '{}') as typeof parsed;
        } catch {
          return sendJson(res, 400, { error: 'body: invalid JSON' });
        }
        if (typeof parsed.advanceMs !== 'number' || !Number.isFinite(parsed.advanceMs) || parsed.advanceMs < 0) {
          return sendJson(res, 400, { error: 'advanceMs: expected a non-negative number of milliseconds' });
        }
        clockOffsetMs += parsed.advanceMs;
        return sendJson(res, 200, { now: now() });
      }
      if (req.method === 'GET' && path === '/_control/health') return sendJson(res, 200, { ok: true });
      sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: `${req.method} ${path} not found` } });
    })().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { type: 'error', error: { type: 'api_error', message: (error as Error).message } });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    script: (responses) => queue.push(...responses),
    requests: () => received.slice(),
    reset: () => {
      queue.length = 0;
      received.length = 0;
      cache.clear();
    },
    advanceClock: (ms) => {
      clockOffsetMs += ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

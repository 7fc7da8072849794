import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Anthropic Messages API: deterministic drafts, realistic usage and cache accounting,
 * and scripted faults, so the escalation path is exercised end to end with the real SDK and no network.
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
  close(): Promise<void>;
}

interface TextBlock {
  type?: string;
  text?: string;
  cache_control?: unknown;
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

function blocksText(content: string | TextBlock[] | undefined): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((b) => b.text ?? '').join('\n');
}

/** The cached prefix ends at the last system block carrying cache_control, as the real API counts it. */
function cachedPrefix(system: MessagesBody['system']): string {
  if (!Array.isArray(system)) return '';
  const last = system.map((b) => Boolean(b.cache_control)).lastIndexOf(true);
  return last < 0 ? '' : system.slice(0, last + 1).map((b) => b.text ?? '').join('\n');
}

export function draftTextFor(body: MessagesBody): string {
  const userText = (body.messages ?? []).filter((m) => m.role === 'user').map((m) => blocksText(m.content)).join('\n');
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

function usageFor(body: MessagesBody, seenPrefixes: Set<string>, outputText: string) {
  const prefix = cachedPrefix(body.system);
  const total = countTokens(blocksText(body.system)) + countTokens((body.messages ?? []).map((m) => blocksText(m.content)).join('\n'));
  const prefixTokens = prefix ? countTokens(prefix) : 0;
  const key = prefix ? createHash('sha256').update(`${body.model}\0${prefix}`).digest('hex') : '';
  const hit = key !== '' && seenPrefixes.has(key);
  if (key) seenPrefixes.add(key);
  return {
    input_tokens: Math.max(1, total - prefixTokens),
    output_tokens: countTokens(outputText),
    cache_creation_input_tokens: hit ? 0 : prefixTokens,
    cache_read_input_tokens: hit ? prefixTokens : 0,
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
}

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const queue: ScriptedResponse[] = [];
  const received: ReceivedRequest[] = [];
  const seenPrefixes = new Set<string>();
  const deltaDelayMs = options.deltaDelayMs ?? 20;
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
      return sendJson(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'model, max_tokens and messages are required' } });
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
    const usage = usageFor(body, seenPrefixes, text);
    const id = `msg_fake_${++counter}`;

    if (!body.stream) {
      return sendJson(res, 200, {
        id, type: 'message', role: 'assistant', model: body.model, content: [{ type: 'text', text }],
        stop_reason: stopReason, stop_sequence: null, usage,
      });
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const send = (event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    send('message_start', {
      type: 'message_start',
      message: {
        id, type: 'message', role: 'assistant', model: body.model, content: [], stop_reason: null, stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    });
    send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    const pieces = text.match(/\S+\s*/g) ?? [text];
    for (const [i, piece] of pieces.entries()) {
      if (step.type === 'drop' && i >= (step.afterDeltas ?? 3)) {
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
      usage: { output_tokens: usage.output_tokens, input_tokens: usage.input_tokens, cache_creation_input_tokens: usage.cache_creation_input_tokens, cache_read_input_tokens: usage.cache_read_input_tokens },
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
        seenPrefixes.clear();
        return sendJson(res, 200, { ok: true });
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
      seenPrefixes.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from './env';

/**
 * Plain HTTP against the running app, as a given principal (a session cookie, an API key, or nobody), with every
 * request counted. Redirects are never followed, so "sent to sign in" is seen as the redirect it is.
 *
 * Server actions are called the way Next's client calls them: POST to a page that bundles the action, with the
 * `Next-Action: <id>` header and the arguments encoded by React's own `encodeReply` (a JSON text body, or
 * multipart when an argument is a FormData). The answer is a React Flight stream whose row 0 names the row holding
 * the action's return value; `notFound()` answers 404 and `redirect()` sets `x-action-redirect`.
 */

// The encoder the web app's client uses, resolved from the web app so both sides speak the same Flight version.
const webRequire = createRequire(path.join(ROOT, 'apps', 'web', 'package.json'));
const flightClient = webRequire('next/dist/compiled/react-server-dom-webpack/client.edge') as {
  encodeReply(value: unknown[]): Promise<string | FormData>;
};

export interface Principal {
  name: string;
  /** `Cookie` header value of a signed-in session, if any. */
  cookie?: string;
  /** `Authorization` header value, if any. */
  authorization?: string;
}

export interface HttpAnswer {
  status: number;
  location: string | null;
  contentType: string;
  text: string;
}

export interface ActionAnswer extends HttpAnswer {
  /** `x-action-redirect`: where a redirect() inside the action pointed. */
  actionRedirect: string | null;
  /** The action's return value when the Flight stream carried one as JSON. */
  result: unknown;
}

export interface HttpRequest {
  method: string;
  path: string;
  json?: unknown;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

export class HttpProbe {
  requests = 0;

  constructor(readonly baseUrl: string) {}

  async send(who: Principal, req: HttpRequest): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...this.auth(who), ...req.headers };
    let body: string | Buffer | undefined = req.body;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] ??= 'application/json';
    }
    return this.fetch(req.path, { method: req.method, headers, body });
  }

  /** Calls one server action; `args` may hold FormData values, encoded as the browser would. */
  async action(who: Principal, actionId: string, pagePath: string, args: unknown[]): Promise<ActionAnswer> {
    const encoded = await flightClient.encodeReply(args);
    const headers: Record<string, string> = {
      ...this.auth(who),
      accept: 'text/x-component',
      'next-action': actionId,
      origin: this.baseUrl,
    };
    if (typeof encoded === 'string') headers['content-type'] = 'text/plain;charset=UTF-8';
    const answer = await this.fetch(pagePath, { method: 'POST', headers, body: encoded });
    return { ...answer, actionRedirect: answer.headers.get('x-action-redirect'), result: flightResult(answer.text) };
  }

  private auth(who: Principal): Record<string, string> {
    return { ...(who.cookie ? { cookie: who.cookie } : {}), ...(who.authorization ? { authorization: who.authorization } : {}) };
  }

  private async fetch(urlPath: string, init: { method: string; headers: Record<string, string>; body?: string | Buffer | FormData }) {
    this.requests += 1;
    const controller = new AbortController();
    // Streams (SSE) never end on their own: what a probe needs is in the status and the first bytes.
    const res = await fetch(new URL(urlPath, this.baseUrl), { ...init, redirect: 'manual', signal: controller.signal });
    const text = await readSome(res, 256 * 1024, 3_000);
    controller.abort();
    return {
      status: res.status,
      location: res.headers.get('location'),
      contentType: res.headers.get('content-type') ?? '',
      text,
      headers: res.headers,
    };
  }
}

async function readSome(res: Response, maxBytes: number, idleMs: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const streaming = (res.headers.get('content-type') ?? '').startsWith('text/event-stream');
  for (;;) {
    const next = streaming
      ? await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), idleMs))])
      : await reader.read();
    if (next === null || next.done) break;
    chunks.push(next.value);
    size += next.value.byteLength;
    if (size >= maxBytes) break;
  }
  await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks).toString('utf8');
}

/** Row 0 of an action's Flight answer is `{"a":"$@<row>",…}` (or the value itself); returns the JSON in that row. */
export function flightResult(text: string): unknown {
  const rows = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+):(.*)$/.exec(line);
    if (m) rows.set(m[1]!, m[2]!);
  }
  const parse = (raw: string | undefined): unknown => {
    if (raw === undefined) return undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  };
  const root = parse(rows.get('0'));
  if (root && typeof root === 'object' && 'a' in root) {
    const a = (root as { a: unknown }).a;
    const ref = typeof a === 'string' ? /^\$@([0-9a-f]+)$/.exec(a) : null;
    return ref ? parse(rows.get(ref[1]!)) : a;
  }
  return root;
}

/** Fills `[param]` segments of a page path (`/tickets/[number]`) from the given values. */
export function fillPath(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for [${name}] in ${pattern}`);
    return encodeURIComponent(value);
  });
}

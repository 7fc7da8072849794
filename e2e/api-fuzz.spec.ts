import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { expect, test } from '@playwright/test';
import type { z } from 'zod';
import { customerListQuery, ticketListQuery } from '@helpdesk/core/api-resources';
import { apiAddMessageInput } from '@helpdesk/core/messages';
import { ticketFiltersSchema } from '@helpdesk/core/queries/ticket-filters';
import { ticketChangesSchema } from '@helpdesk/core/ticket-update';
import { apiCreateTicketInput } from '@helpdesk/core/tickets';
import { routeHandlers } from './helpers/app-surface';
import { BASE_URL, SERVER_ENV } from './helpers/env';
import { bodyArb, queryArb, type Fuzzed, type FuzzedQuery } from './helpers/fuzz-arbitraries';
import { HttpProbe, type HttpAnswer, type Principal } from './helpers/http-probe';
import { acmeApiKey, loadAcme } from './isolation/acme';

/**
 * Property tests of the REST API v1: fast-check generates payloads from the zod schemas the routes validate with
 * (valid ones, and ones with exactly one thing wrong: a wrong type, a NUL or lone surrogate, an unknown field, a
 * string past its limit, an out-of-range number or cursor, random JSON, malformed JSON) and sends them with an API key.
 * Properties: never a 5xx; every 4xx is `{ error: { code, message } }`; a validation error names `error.field`;
 * and where the payload has one culprit, the 400 names exactly that field.
 *
 * Every generated case is sent and every failure kept (no shrinking: a request per shrink step would not fit the
 * time budget), so the report lists each kind of failure with an example. Replay a run with FUZZ_SEED=<seed>.
 */

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 40);
/** One seed per run, kept in the run's output folder so that a worker restarted after a failure goes on with it. */
let SEED = 0;
const DATABASE_URL = SERVER_ENV.DATABASE_URL as string;
const probe = new HttpProbe(BASE_URL);

interface Endpoint {
  /** `POST /api/v1/tickets/[id]/messages`, as e2e/helpers/app-surface.ts names the route. */
  key: string;
  cases: fc.Arbitrary<Fuzzed | FuzzedQuery>;
  send: (who: Principal, c: Fuzzed | FuzzedQuery) => Promise<HttpAnswer>;
}

let fuzzTicketId = '';

const json = (method: string, path: () => string) => (who: Principal, c: Fuzzed | FuzzedQuery) => {
  const f = c as Fuzzed & { raw?: string };
  return probe.send(who, {
    method,
    path: path(),
    ...(f.raw !== undefined ? { body: f.raw, headers: { 'content-type': 'application/json' } } : { json: f.payload }),
  });
};
const get = (path: () => string) => (who: Principal, c: Fuzzed | FuzzedQuery) =>
  probe.send(who, { method: 'GET', path: `${path()}?${(c as FuzzedQuery).query}` });

/** Bodies that are not JSON at all: the 400 names `body`. */
const malformed = fc
  .oneof(
    fc.constantFrom('{', '{"subject":', '[1,', 'nul', "{'a':1}", '{"a":1,}', '\u0000', '{"a":"\\ud800"'),
    fc.string({ minLength: 1, maxLength: 30 }).filter(notJson),
  )
  .map((raw) => ({ kind: 'malformed JSON', payload: null, raw, field: 'body', what: `body ${JSON.stringify(raw)}` }));

function notJson(s: string): boolean {
  try {
    JSON.parse(s);
    return false;
  } catch {
    return s.trim().length > 0;
  }
}

function body(schema: z.ZodType, options?: { validWeight?: number }): fc.Arbitrary<Fuzzed> {
  return fc.oneof({ weight: 9, arbitrary: bodyArb(schema, options) }, { weight: 1, arbitrary: malformed }).map((c) =>
    // A top-level value that is not an object has no field to name but the body itself.
    c.kind === 'random JSON' && (c.payload === null || typeof c.payload !== 'object' || Array.isArray(c.payload))
      ? { ...c, field: 'body' }
      : c,
  );
}

/** Path ids: real-looking, random, huge, or with bytes no id has. */
const idCases: fc.Arbitrary<FuzzedQuery> = fc
  .oneof(
    fc.stringMatching(/^[a-z0-9]{25}$/),
    fc.string({ minLength: 1, maxLength: 80 }),
    fc.integer({ min: 65, max: 5_000 }).map((n) => 'c'.repeat(n)),
    fc.constantFrom('%00', 'a%00b', '%ED%A0%80', '..%2F..%2Fetc', '%FF%FE', "' OR 1=1 --", '$where', '{"$gt":""}', '%20'),
  )
  .map((id) => ({
    kind: 'path id',
    query: /%[0-9A-F]{2}/.test(id) ? id : encodeURIComponent(id),
    what: `id ${JSON.stringify(id).slice(0, 60)}`,
  }));

const withId =
  (prefix: string, suffix = '') =>
  (who: Principal, c: Fuzzed | FuzzedQuery) =>
    probe.send(who, { method: 'GET', path: `${prefix}${(c as FuzzedQuery).query}${suffix}` });

const randomQuery: fc.Arbitrary<FuzzedQuery> = fc
  .dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 4 })
  .map((params) => {
    const query = new URLSearchParams(params).toString();
    return { kind: 'random query', query, what: `?${query.slice(0, 80)}` };
  });

const ENDPOINTS: Endpoint[] = [
  // Valid tickets are few (weight 1 of 11): each one is real work for the AI worker.
  { key: 'POST /api/v1/tickets', cases: body(apiCreateTicketInput, { validWeight: 1 }), send: json('POST', () => '/api/v1/tickets') },
  {
    key: 'PATCH /api/v1/tickets/[id]',
    cases: body(ticketChangesSchema, { validWeight: 2 }),
    send: json('PATCH', () => `/api/v1/tickets/${fuzzTicketId}`),
  },
  {
    key: 'POST /api/v1/tickets/[id]/messages',
    cases: body(apiAddMessageInput, { validWeight: 2 }),
    send: json('POST', () => `/api/v1/tickets/${fuzzTicketId}/messages`),
  },
  { key: 'GET /api/v1/tickets', cases: queryArb(ticketListQuery), send: get(() => '/api/v1/tickets') },
  { key: 'GET /api/v1/customers', cases: queryArb(customerListQuery), send: get(() => '/api/v1/customers') },
  {
    key: 'GET /api/v1/search',
    cases: queryArb(ticketFiltersSchema, { required: { q: fc.constantFrom('card', 'refund', 'transfer', 'pin', 'payment') } }),
    send: get(() => '/api/v1/search'),
  },
  { key: 'GET /api/v1/tickets/[id]', cases: idCases, send: withId('/api/v1/tickets/') },
  { key: 'GET /api/v1/tickets/[id]/messages', cases: idCases, send: withId('/api/v1/tickets/', '/messages') },
  { key: 'GET /api/v1/customers/[id]', cases: idCases, send: withId('/api/v1/customers/') },
  { key: 'GET /api/v1/tags', cases: randomQuery, send: get(() => '/api/v1/tags') },
];

const keys = new Map<string, Principal>();

test('every v1 route handler has a fuzz endpoint', () => {
  const v1 = routeHandlers()
    .filter((r) => r.path.startsWith('/api/v1/'))
    .map((r) => r.key);
  const fuzzed = new Set(ENDPOINTS.map((e) => e.key));
  const missing = v1.filter((k) => !fuzzed.has(k));
  expect(
    missing,
    `add these to ENDPOINTS in e2e/api-fuzz.spec.ts with arbitraries from their zod schemas:\n  ${missing.join('\n  ')}\n`,
  ).toEqual([]);
  expect(
    ENDPOINTS.map((e) => e.key).filter((k) => !v1.includes(k)),
    'endpoints the app no longer has',
  ).toEqual([]);
});

test.describe('REST API v1 under generated input', () => {
  test.beforeAll(async ({}, testInfo) => {
    const seedFile = path.join(testInfo.project.outputDir, 'api-fuzz-seed.txt');
    if (!existsSync(seedFile)) {
      mkdirSync(path.dirname(seedFile), { recursive: true });
      writeFileSync(seedFile, process.env.FUZZ_SEED ?? String(Date.now() % 2 ** 31));
    }
    SEED = Number(readFileSync(seedFile, 'utf8'));
    const acme = await loadAcme(DATABASE_URL);
    const run = Date.now().toString(36);
    // One key per endpoint, so the per-key rate limit counts one endpoint's runs at a time.
    for (const e of ENDPOINTS) {
      const key = await acmeApiKey(
        DATABASE_URL,
        acme.tenantId,
        ['tickets:read', 'tickets:write', 'customers:read', 'customers:write'],
        `fuzz ${e.key} ${run}`,
      );
      keys.set(e.key, { name: e.key, authorization: `Bearer ${key}` });
    }
    const created = await probe.send(keys.get('POST /api/v1/tickets')!, {
      method: 'POST',
      path: '/api/v1/tickets',
      json: {
        subject: `Fuzz target ${run}`,
        bodyText: 'The ticket the fuzz suite patches and replies to.',
        customer: { email: `fuzz-${run}@example.test` },
      },
    });
    expect(created.status, created.text).toBe(201);
    fuzzTicketId = (JSON.parse(created.text) as { id: string }).id;
  });

  for (const endpoint of ENDPOINTS) {
    test(`${endpoint.key}: no 5xx, and every 4xx names its field`, async () => {
      const who = keys.get(endpoint.key)!;
      const failures = new Map<string, { count: number; example: string }>();
      const kinds = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(endpoint.cases, async (c) => {
          kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
          const answer = await endpoint.send(who, c);
          const problem = judge(c, answer);
          if (problem) {
            const key = `${c.kind}: ${problem.split(' — ')[0]}`;
            const seen = failures.get(key);
            failures.set(key, { count: (seen?.count ?? 0) + 1, example: seen?.example ?? `${c.what} → ${problem}` });
          }
          return true;
        }),
        { numRuns: NUM_RUNS, seed: SEED },
      );
      const report = [...failures].map(([key, f]) => `${key} (${f.count}×), e.g. ${f.example}`);
      const generated = [...kinds].map(([k, n]) => `${k} ${n}`).join(', ');
      const failed = [...failures.values()].reduce((n, f) => n + f.count, 0);
      console.log(
        `api fuzz ${endpoint.key}: ${NUM_RUNS} runs (${generated}), ${failed} failed; seed ${SEED} (replay with FUZZ_SEED=${SEED})`,
      );
      expect(report, `seed ${SEED}; generated: ${generated}\n${report.join('\n')}`).toEqual([]);
    });
  }
});

/** Null when the answer is right for the case; otherwise what is wrong, the kind of wrong first (before ' — '). */
function judge(c: Fuzzed | FuzzedQuery, answer: HttpAnswer): string | null {
  const snippet = answer.text.slice(0, 200).replace(/\s+/g, ' ');
  if (answer.status === 429) return `429 rate limited — the e2e environment's limit is too low for this suite: ${snippet}`;
  if (answer.status >= 500) return `${answer.status} — ${snippet}`;
  if (answer.status < 400) return 'field' in c && c.field ? `${answer.status} accepted — expected 400 naming ${c.field}` : null;
  let error: { code?: unknown; message?: unknown; field?: unknown } | undefined;
  try {
    error = (JSON.parse(answer.text) as { error?: typeof error }).error;
  } catch {
    return `${answer.status} without a JSON body — ${snippet}`;
  }
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string')
    return `${answer.status} without { error: { code, message } } — ${snippet}`;
  const field = typeof error.field === 'string' && error.field.length > 0 ? error.field : null;
  if ((answer.status === 400 || error.code === 'validation_error') && !field)
    return `${answer.status} ${error.code} without error.field — ${snippet}`;
  if ('field' in c && c.field) {
    if (answer.status !== 400) return `${answer.status} ${error.code} instead of 400 naming ${c.field} — ${snippet}`;
    if (field !== c.field && !field!.startsWith(`${c.field}.`)) return `400 names ${field} instead of ${c.field} — ${snippet}`;
  }
  return null;
}

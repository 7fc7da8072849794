import { createHmac } from 'node:crypto';
import {
  ADMIN_ONLY,
  AGENTS_ONLY,
  answers,
  apiDenied,
  MEMBERS,
  NOT_BILLING,
  route,
  rowRoute,
  v1Denied,
  type Case,
  type Ctx,
  type Path,
  type Probe,
  type Side,
  type Who,
} from './cases';

/** The route handlers' cases, keyed `METHOD /path` as e2e/helpers/app-surface.ts names them. */

/** A session route of the session tenant with no id to swap: Acme's `as` reads its own answers, checked for leaks. */
const ownRoute = (note: string, foreign: Probe[], deniedPath: Path, roles: Who[], extra: Partial<Probe> = {}): Case =>
  route('session', foreign, apiDenied(deniedPath, roles, extra), note);

/** A list of the session tenant: Acme's `as` reads its own, the roles without the right are refused. */
const ownList = (path: string, as: Who, what: string, roles: Who[], note: string): Case =>
  ownRoute(note, [answers(as, what, 200, { path: () => path })], () => path, roles);

const publicRoute = (note: string, foreign: Probe[]): Case => route('public', foreign, [], note);

/** An API route on one row: the key gets 404 for the victim's; no key, a key without the scope, or a cookie are refused on Acme's. */
const v1Row = (what: string, at: (t: Side) => string, missingScope: Who, foreign: Partial<Probe> = {}, denied: Partial<Probe> = {}): Case =>
  route(
    'apiKey',
    [answers('key', what, 404, { path: (c) => at(c.v), ...foreign })],
    v1Denied((c) => at(c.a), missingScope, denied),
  );

/** bull-board is for platform operators only (no demo user is one): every member and a visitor get a 404. */
const platformQueues = (path: string, json?: () => unknown): Case =>
  route(
    'session',
    [],
    [
      ...MEMBERS.map((as) => answers(as, `${as} is no platform admin`, 404, { path: () => path, ...(json ? { json } : {}) })),
      answers('anon', 'signed out', 404, { path: () => path, ...(json ? { json } : {}) }),
    ],
    'bull-board for platform operators only (no demo user is one): a 404 for everyone else',
  );

/** Mail to the victim's alias: signed with Acme's secret, or not at all. The signature with the alias's own secret is the authentication. */
const inboundRoute = (prefix: string): Case =>
  publicRoute('the signature with the alias’s own secret is the authentication', [
    answers('anon', 'victim alias signed with Acme’s secret', 401, {
      path: (c) => `${prefix}/${c.v.inboundAlias}`,
      ...inbound(
        (c) => c.a.inboundSecret,
        (c) => c.v.inboundAlias,
      ),
    }),
    answers('anon', 'victim alias unsigned', 401, {
      path: (c) => `${prefix}/${c.v.inboundAlias}`,
      body: (c) => mail(c.v.inboundAlias),
      headers: () => ({ 'content-type': 'message/rfc822' }),
    }),
  ]);

const articleEdit = { json: () => ({ title: 'overwritten', bodyMarkdown: 'x', published: true, expectedVersion: 1 }) };

export const ROUTE_CASES: Record<string, Case> = {
  'GET /api/admin/members': ownList(
    '/api/admin/members',
    'owner',
    'member list of the own tenant',
    ADMIN_ONLY,
    'lists the session tenant’s members; no id to swap',
  ),
  'POST /api/admin/members': ownRoute(
    'the tenant comes from the session; a tenantId in the body is ignored',
    [
      answers('admin', 'invitation with the victim’s tenantId in the body', 201, {
        path: () => '/api/admin/members',
        json: (c) => ({ email: `iso-invite-${c.v.tag}@acme.test`, role: 'AGENT', tenantId: c.v.tenantId }),
      }),
    ],
    () => '/api/admin/members',
    ADMIN_ONLY,
    { json: () => ({ email: 'nobody@acme.test', role: 'AGENT' }) },
  ),
  'GET /api/ai/articles': ownList('/api/ai/articles', 'agent', 'article list', AGENTS_ONLY, 'lists the session tenant’s articles'),
  'POST /api/ai/articles': ownRoute(
    'creates in the session tenant; invalid body used so nothing is written',
    [
      answers('agent', 'victim tenantId in an invalid body', 400, {
        path: () => '/api/ai/articles',
        json: (c) => ({ tenantId: c.v.tenantId, title: '' }),
      }),
    ],
    () => '/api/ai/articles',
    AGENTS_ONLY,
    { json: () => ({ title: 'x' }) },
  ),
  'GET /api/ai/articles/[id]': rowRoute('agent', 'victim article', (_c, t) => `/api/ai/articles/${t.article.id}`, AGENTS_ONLY),
  'PUT /api/ai/articles/[id]': rowRoute('agent', 'victim article', (_c, t) => `/api/ai/articles/${t.article.id}`, AGENTS_ONLY, articleEdit),
  'DELETE /api/ai/articles/[id]': rowRoute('agent', 'victim article', (_c, t) => `/api/ai/articles/${t.article.id}`, AGENTS_ONLY),
  // Acme has no draft or attachment of its own here: the roles are refused on the victim's, before any lookup.
  'GET /api/ai/drafts/[id]/stream': rowRoute('agent', 'victim draft', (c) => `/api/ai/drafts/${c.v.draft.id}/stream`, AGENTS_ONLY),
  'GET /api/ai/status': ownList(
    '/api/ai/status',
    'agent',
    'queue status',
    AGENTS_ONLY,
    'the session tenant’s queue counts and failed jobs',
  ),
  'GET /api/attachments/[id]': rowRoute('agent', 'victim’s attachment', (c) => `/api/attachments/${c.v.attachment.id}`, AGENTS_ONLY),
  'GET /api/auth/[...nextauth]': publicRoute('NextAuth: the session of the caller only', [
    answers('anon', 'no session for a visitor', 200, { path: () => '/api/auth/session' }),
    answers('owner', 'own session', 200, { path: () => '/api/auth/session' }),
    answers('anon', 'providers list', 200, { path: () => '/api/auth/providers' }),
  ]),
  'POST /api/auth/[...nextauth]': publicRoute(
    'NextAuth: sign-in needs the CSRF token; a session cannot be pointed at a tenant the user is not in',
    [
      answers('anon', 'credentials without a CSRF token', 302, {
        path: () => '/api/auth/callback/credentials',
        body: () => 'email=owner%40acme.test&password=wrong',
        headers: () => ({ 'content-type': 'application/x-www-form-urlencoded' }),
      }),
    ],
  ),
  'GET /api/billing/export.csv': ownList(
    '/api/billing/export.csv',
    'billing',
    'CSV for the last 30 days',
    NOT_BILLING,
    'the session tenant’s spend; the victim’s spend in the same days must not appear',
  ),
  'GET /api/reports/export.csv': ownRoute(
    'the session tenant’s report tables; the victim’s agents, groups and categories must not appear',
    [
      answers('admin', 'agents table for the last 30 days', 200, { path: () => '/api/reports/export.csv?table=agents' }),
      answers('owner', 'AI drafts table', 200, { path: () => '/api/reports/export.csv?table=ai-drafts' }),
    ],
    () => '/api/reports/export.csv?table=agents',
    ADMIN_ONLY,
  ),
  'GET /api/docs': publicRoute('API reference page: no tenant data', [answers('anon', 'docs page', 200, { path: () => '/api/docs' })]),
  'GET /api/docs/openapi.json': publicRoute('OpenAPI document: no tenant data', [
    answers('anon', 'OpenAPI document', 200, { path: () => '/api/docs/openapi.json' }),
  ]),
  'GET /metrics': route(
    'session',
    [],
    apiDenied(() => '/metrics', MEMBERS),
    'Prometheus scrape (METRICS_TOKEN bearer) or a platform admin; every tenant’s budget use, so nobody else',
  ),
  'GET /platform/queues/[[...path]]': platformQueues('/platform/queues/api/queues'),
  'POST /platform/queues/[[...path]]': platformQueues('/platform/queues/api/queues/ai-triage/add', () => ({})),
  'PUT /platform/queues/[[...path]]': platformQueues('/platform/queues/api/queues/ai-triage/retry/failed', () => ({})),
  'PATCH /platform/queues/[[...path]]': platformQueues('/platform/queues/api/queues/ai-triage/concurrency', () => ({})),
  'GET /api/health': publicRoute('readiness: no secret, no tenant data', [answers('anon', 'health', 200, { path: () => '/api/health' })]),
  'POST /api/inbound/[alias]': inboundRoute('/api/inbound'),
  'POST /api/inbound/email/[alias]': inboundRoute('/api/inbound/email'),
  'GET /api/tickets/[id]/ai-events': rowRoute('agent', 'victim ticket', (_c, t) => `/api/tickets/${t.ticket.id}/ai-events`, AGENTS_ONLY),
  'GET /api/tickets/stream': rowRoute('agent', 'victim ticket', (_c, t) => `/api/tickets/stream?ticketId=${t.ticket.id}`, AGENTS_ONLY),

  // The REST API v1 (an API key's tenant only) -----------------------------------------------------------------------
  'GET /api/v1/customers': route(
    'apiKey',
    [
      answers('key', 'search for the victim customer’s email', 200, {
        path: (c) => `/api/v1/customers?q=${encodeURIComponent(c.v.customer.email)}`,
      }),
    ],
    v1Denied(() => '/api/v1/customers', 'keyTicketsRead'),
    'the key’s tenant only',
  ),
  'GET /api/v1/customers/[id]': v1Row('victim customer', (t) => `/api/v1/customers/${t.customer.id}`, 'keyTicketsRead'),
  'GET /api/v1/search': route(
    'apiKey',
    [
      answers('key', 'search for the victim’s subject', 200, { path: (c) => `/api/v1/search?q=${c.v.ticket.subject}` }),
      answers('key', 'search filtered by the victim’s customer', 200, {
        path: (c) => `/api/v1/search?q=card&customerId=${c.v.customer.id}`,
      }),
    ],
    v1Denied(() => '/api/v1/search?q=card', 'keyCustomersRead'),
    'the key’s tenant only',
  ),
  'GET /api/v1/tags': route(
    'apiKey',
    [answers('key', 'tag list', 200, { path: () => '/api/v1/tags' })],
    v1Denied(() => '/api/v1/tags', 'keyCustomersRead'),
    'the key’s tenant only',
  ),
  'GET /api/v1/tickets': route(
    'apiKey',
    [
      answers('key', 'list filtered by the victim’s customer', 200, { path: (c) => `/api/v1/tickets?customerId=${c.v.customer.id}` }),
      answers('key', 'the victim’s ticket as the page cursor', 400, { path: (c) => `/api/v1/tickets?cursor=${c.v.ticket.id}` }),
    ],
    v1Denied(() => '/api/v1/tickets', 'keyCustomersRead'),
    'the key’s tenant only',
  ),
  'POST /api/v1/tickets': route(
    'apiKey',
    [
      answers('key', 'assigned to the victim’s owner', 400, {
        path: () => '/api/v1/tickets',
        json: (c) => ({
          subject: 'isolation probe',
          bodyText: 'x',
          customer: { email: `iso-${c.v.tag}@example.test` },
          assigneeId: c.v.userId,
          tenantId: c.v.tenantId,
        }),
      }),
    ],
    v1Denied(() => '/api/v1/tickets', 'keyTicketsRead', {
      json: () => ({ subject: 'x', bodyText: 'x', customer: { email: 'x@example.test' } }),
    }),
    'creates in the key’s tenant; the victim’s user is not assignable',
  ),
  'GET /api/v1/tickets/[id]': v1Row('victim ticket', (t) => `/api/v1/tickets/${t.ticket.id}`, 'keyCustomersRead'),
  'PATCH /api/v1/tickets/[id]': v1Row(
    'victim ticket',
    (t) => `/api/v1/tickets/${t.ticket.id}`,
    'keyTicketsRead',
    { json: () => ({ status: 'SOLVED' }) },
    { json: () => ({ priority: 'LOW' }) },
  ),
  'GET /api/v1/tickets/[id]/messages': v1Row('victim ticket', (t) => `/api/v1/tickets/${t.ticket.id}/messages`, 'keyCustomersRead'),
  'POST /api/v1/tickets/[id]/messages': v1Row(
    'note on the victim ticket',
    (t) => `/api/v1/tickets/${t.ticket.id}/messages`,
    'keyTicketsRead',
    { json: () => ({ kind: 'NOTE', bodyText: 'isolation probe' }) },
    { json: () => ({ kind: 'NOTE', bodyText: 'x' }) },
  ),
};

/** Signs an inbound mail the way the relay does: HMAC-SHA256 over `${timestamp}.` and the raw bytes. */
function signedMail(secret: string, raw: string): { body: string; headers: Record<string, string> } {
  const timestamp = Math.floor(Date.now() / 1000).toString();
  const signature = createHmac('sha256', secret).update(`${timestamp}.`).update(raw).digest('hex');
  return { body: raw, headers: { 'content-type': 'message/rfc822', 'x-helpdesk-timestamp': timestamp, 'x-helpdesk-signature': signature } };
}

function mail(to: string): string {
  return [
    `From: Probe <probe@example.test>`,
    `To: ${to}@inbound.localhost`,
    `Subject: isolation probe`,
    `Message-ID: <probe-${Date.now()}@example.test>`,
    '',
    'hello',
  ].join('\r\n');
}

function inbound(secret: (c: Ctx) => string, alias: (c: Ctx) => string): Pick<Probe, 'body' | 'headers'> {
  // Body and headers must come from one signing, so both read the same memoised result per world.
  const memo = new WeakMap<Ctx, { body: string; headers: Record<string, string> }>();
  const signed = (c: Ctx) => {
    let s = memo.get(c);
    if (!s) memo.set(c, (s = signedMail(secret(c), mail(alias(c)))));
    return s;
  };
  return { body: (c) => signed(c).body, headers: (c) => signed(c).headers };
}

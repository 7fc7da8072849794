import { createHmac } from 'node:crypto';
import type { AcmeWorld, VictimWorld } from './helpers/isolation-world';

/**
 * The isolation suite's case table: one entry per route handler (per HTTP method), page and server action of the
 * web app, keyed the way e2e/helpers/app-surface.ts names them. isolation.spec.ts fails when the app has one
 * without an entry here, so a new route cannot ship without saying who may call it and what it must not show.
 *
 * Each entry has
 * - `foreign`: calls by Acme with the victim tenant's ids (404, or for an action the not-found answer). Where a route
 *   takes no id (its tenant comes from the session or key), the call is made anyway and its answer is checked to
 *   carry none of the victim's data: every answer of the suite is searched for the victim's markers.
 * - `denied`: each role, key scope or signed-out visitor against what it must not do.
 * - public entries say what an anonymous caller gets and, through the same marker search, that nothing leaks.
 */

export type Who = 'owner' | 'admin' | 'agent' | 'billing' | 'anon' | 'key' | 'keyTicketsRead' | 'keyCustomersRead' | 'noKey';

export interface Ctx {
  v: VictimWorld;
  a: AcmeWorld;
}

export type Expect =
  /** Exactly this HTTP status. */
  | { status: number }
  /** A redirect to /signin (a page, or the proxy in front of the app's sections), or an action's redirect() there. */
  | { signIn: true }
  /** An action that answered with its `{ ok: false }` state, the message or a field error matching. */
  | { refused: RegExp };

export interface Probe {
  as: Who;
  what: string;
  expect: Expect;
  /** Routes and pages: the concrete path (with query) and body; the method comes from the case key. */
  path?: (c: Ctx) => string;
  json?: (c: Ctx) => unknown;
  body?: (c: Ctx) => string;
  headers?: (c: Ctx) => Record<string, string>;
  /** Actions: the arguments, as the client passes them (FormData included). */
  args?: (c: Ctx) => unknown[];
  /** Actions: the page to post to; defaults to the first page bundling the action, its params filled from Acme. */
  page?: (c: Ctx) => string;
  /** Victim texts this answer may show, with the reason in `what` (an invitation shows its own email to its holder). */
  allow?: (c: Ctx) => string[];
}

export interface Case {
  kind: 'route' | 'page' | 'action';
  access: 'public' | 'session' | 'apiKey';
  foreign: Probe[];
  denied: Probe[];
  /** Why there is no id to swap, for entries whose foreign probes can only check for leaks. */
  note?: string;
}

const form = (fields: Record<string, string | string[]>): FormData => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) f.append(k, one);
  return f;
};
const NOT_FOUND = /not found/i;
const EMPTY_STATE = { ok: false };

// --- shorthands for the denied lists --------------------------------------------------------------------------

type Path = (c: Ctx) => string;

const apiDenied = (path: Path, roles: Who[], extra: Partial<Probe> = {}): Probe[] => [
  ...roles.map((as) => ({ as, what: `${as} lacks the role`, expect: { status: 403 }, path, ...extra })),
  { as: 'anon' as const, what: 'signed out', expect: { status: 401 }, path, ...extra },
];

const v1Denied = (path: Path, missingScopeKey: Who, extra: Partial<Probe> = {}): Probe[] => [
  { as: 'noKey', what: 'no API key', expect: { status: 401 }, path, ...extra },
  { as: missingScopeKey, what: 'key without the scope', expect: { status: 403 }, path, ...extra },
  // A signed-in session is not an API credential.
  { as: 'owner', what: 'session cookie instead of a key', expect: { status: 401 }, path, ...extra },
];

const pageDenied = (path: Path, roles: Who[]): Probe[] => [
  ...roles.map((as) => ({ as, what: `${as} lacks the role`, expect: { status: 404 }, path })),
  { as: 'anon' as const, what: 'signed out', expect: { signIn: true as const }, path },
];

const actionDenied = (args: (c: Ctx) => unknown[], roles: Who[]): Probe[] => [
  ...roles.map((as) => ({ as, what: `${as} lacks the role`, expect: { status: 404 }, args })),
  { as: 'anon' as const, what: 'signed out', expect: { signIn: true as const }, args },
];

const ADMIN_ONLY: Who[] = ['agent', 'billing'];
const AGENTS_ONLY: Who[] = ['billing'];
const NOT_BILLING: Who[] = ['agent'];

/** Signs an inbound mail the way the relay does: HMAC-SHA256 over `${timestamp}.` and the raw bytes. */
function signedMail(secret: string, raw: string): { body: string; headers: Record<string, string> } {
  const timestamp = Math.floor(Date.now() / 1000).toString();
  const signature = createHmac('sha256', secret).update(`${timestamp}.`).update(raw).digest('hex');
  return { body: raw, headers: { 'content-type': 'message/rfc822', 'x-helpdesk-timestamp': timestamp, 'x-helpdesk-signature': signature } };
}

const mail = (to: string) =>
  [
    `From: Probe <probe@example.test>`,
    `To: ${to}@inbound.localhost`,
    `Subject: isolation probe`,
    `Message-ID: <probe-${Date.now()}@example.test>`,
    '',
    'hello',
  ].join('\r\n');

const policyValues = {
  localOnly: false,
  confidenceThreshold: 0.6,
  escalateOutOfScope: true,
  categories: [],
  minPriority: '',
  negativeSentiment: true,
  vipTag: 'vip',
  retrievalScoreThreshold: '',
  maxQuestions: '3',
  longMessageChars: '2000',
  mediumModel: 'claude-haiku-4-5',
  complexModel: 'claude-sonnet-4-6',
  autoSendCategories: [],
  autoSendConfidence: '0.95',
  monthlyBudgetMicros: '50',
  alertWebhookUrl: '',
  alertWebhookSecret: '',
};

// --- the table ------------------------------------------------------------------------------------------------

export const CASES: Record<string, Case> = {
  // Route handlers -----------------------------------------------------------------------------------------------
  'GET /api/admin/members': {
    kind: 'route',
    access: 'session',
    note: 'lists the session tenant’s members; no id to swap',
    foreign: [{ as: 'owner', what: 'member list of the own tenant', expect: { status: 200 }, path: () => '/api/admin/members' }],
    denied: apiDenied(() => '/api/admin/members', ADMIN_ONLY),
  },
  'POST /api/admin/members': {
    kind: 'route',
    access: 'session',
    note: 'the tenant comes from the session; a tenantId in the body is ignored',
    foreign: [
      {
        as: 'admin',
        what: 'invitation with the victim’s tenantId in the body',
        expect: { status: 201 },
        path: () => '/api/admin/members',
        json: (c) => ({ email: `iso-invite-${c.v.tag}@acme.test`, role: 'AGENT', tenantId: c.v.tenantId }),
      },
    ],
    denied: apiDenied(() => '/api/admin/members', ADMIN_ONLY, { json: () => ({ email: 'nobody@acme.test', role: 'AGENT' }) }),
  },
  'GET /api/ai/articles': {
    kind: 'route',
    access: 'session',
    note: 'lists the session tenant’s articles',
    foreign: [{ as: 'agent', what: 'article list', expect: { status: 200 }, path: () => '/api/ai/articles' }],
    denied: apiDenied(() => '/api/ai/articles', AGENTS_ONLY),
  },
  'POST /api/ai/articles': {
    kind: 'route',
    access: 'session',
    note: 'creates in the session tenant; invalid body used so nothing is written',
    foreign: [
      {
        as: 'agent',
        what: 'victim tenantId in an invalid body',
        expect: { status: 400 },
        path: () => '/api/ai/articles',
        json: (c) => ({ tenantId: c.v.tenantId, title: '' }),
      },
    ],
    denied: apiDenied(() => '/api/ai/articles', AGENTS_ONLY, { json: () => ({ title: 'x' }) }),
  },
  'GET /api/ai/articles/[id]': {
    kind: 'route',
    access: 'session',
    foreign: [{ as: 'agent', what: 'victim article', expect: { status: 404 }, path: (c) => `/api/ai/articles/${c.v.article.id}` }],
    denied: apiDenied((c) => `/api/ai/articles/${c.a.article.id}`, AGENTS_ONLY),
  },
  'PUT /api/ai/articles/[id]': {
    kind: 'route',
    access: 'session',
    foreign: [
      {
        as: 'agent',
        what: 'victim article',
        expect: { status: 404 },
        path: (c) => `/api/ai/articles/${c.v.article.id}`,
        json: () => ({ title: 'overwritten', bodyMarkdown: 'x', published: true, expectedVersion: 1 }),
      },
    ],
    denied: apiDenied((c) => `/api/ai/articles/${c.a.article.id}`, AGENTS_ONLY, {
      json: () => ({ title: 'overwritten', bodyMarkdown: 'x', published: true, expectedVersion: 1 }),
    }),
  },
  'DELETE /api/ai/articles/[id]': {
    kind: 'route',
    access: 'session',
    foreign: [{ as: 'agent', what: 'victim article', expect: { status: 404 }, path: (c) => `/api/ai/articles/${c.v.article.id}` }],
    denied: apiDenied((c) => `/api/ai/articles/${c.a.article.id}`, AGENTS_ONLY),
  },
  'GET /api/ai/drafts/[id]/stream': {
    kind: 'route',
    access: 'session',
    foreign: [{ as: 'agent', what: 'victim draft', expect: { status: 404 }, path: (c) => `/api/ai/drafts/${c.v.draft.id}/stream` }],
    denied: apiDenied((c) => `/api/ai/drafts/${c.v.draft.id}/stream`, AGENTS_ONLY),
  },
  'GET /api/ai/status': {
    kind: 'route',
    access: 'session',
    note: 'the session tenant’s queue counts and failed jobs',
    foreign: [{ as: 'agent', what: 'queue status', expect: { status: 200 }, path: () => '/api/ai/status' }],
    denied: apiDenied(() => '/api/ai/status', AGENTS_ONLY),
  },
  'GET /api/attachments/[id]': {
    kind: 'route',
    access: 'session',
    foreign: [{ as: 'agent', what: 'victim’s attachment', expect: { status: 404 }, path: (c) => `/api/attachments/${c.v.attachment.id}` }],
    denied: apiDenied((c) => `/api/attachments/${c.v.attachment.id}`, AGENTS_ONLY),
  },
  'GET /api/auth/[...nextauth]': {
    kind: 'route',
    access: 'public',
    note: 'NextAuth: the session of the caller only',
    foreign: [
      { as: 'anon', what: 'no session for a visitor', expect: { status: 200 }, path: () => '/api/auth/session' },
      { as: 'owner', what: 'own session', expect: { status: 200 }, path: () => '/api/auth/session' },
      { as: 'anon', what: 'providers list', expect: { status: 200 }, path: () => '/api/auth/providers' },
    ],
    denied: [],
  },
  'POST /api/auth/[...nextauth]': {
    kind: 'route',
    access: 'public',
    note: 'NextAuth: sign-in needs the CSRF token; a session cannot be pointed at a tenant the user is not in',
    foreign: [
      {
        as: 'anon',
        what: 'credentials without a CSRF token',
        expect: { status: 302 },
        path: () => '/api/auth/callback/credentials',
        body: () => 'email=owner%40acme.test&password=wrong',
        headers: () => ({ 'content-type': 'application/x-www-form-urlencoded' }),
      },
    ],
    denied: [],
  },
  'GET /api/billing/export.csv': {
    kind: 'route',
    access: 'session',
    note: 'the session tenant’s spend; the victim’s spend in the same days must not appear',
    foreign: [{ as: 'billing', what: 'CSV for the last 30 days', expect: { status: 200 }, path: () => '/api/billing/export.csv' }],
    denied: apiDenied(() => '/api/billing/export.csv', NOT_BILLING),
  },
  'GET /api/reports/export.csv': {
    kind: 'route',
    access: 'session',
    note: 'the session tenant’s report tables; the victim’s agents, groups and categories must not appear',
    foreign: [
      {
        as: 'admin',
        what: 'agents table for the last 30 days',
        expect: { status: 200 },
        path: () => '/api/reports/export.csv?table=agents',
      },
      { as: 'owner', what: 'AI drafts table', expect: { status: 200 }, path: () => '/api/reports/export.csv?table=ai-drafts' },
    ],
    denied: apiDenied(() => '/api/reports/export.csv?table=agents', ADMIN_ONLY),
  },
  'GET /api/docs': {
    kind: 'route',
    access: 'public',
    note: 'API reference page: no tenant data',
    foreign: [{ as: 'anon', what: 'docs page', expect: { status: 200 }, path: () => '/api/docs' }],
    denied: [],
  },
  'GET /api/docs/openapi.json': {
    kind: 'route',
    access: 'public',
    note: 'OpenAPI document: no tenant data',
    foreign: [{ as: 'anon', what: 'OpenAPI document', expect: { status: 200 }, path: () => '/api/docs/openapi.json' }],
    denied: [],
  },
  'GET /metrics': {
    kind: 'route',
    access: 'session',
    note: 'Prometheus scrape (METRICS_TOKEN bearer) or a platform admin; every tenant’s budget use, so nobody else',
    foreign: [],
    denied: apiDenied(() => '/metrics', ['owner', 'admin', 'agent', 'billing']),
  },
  'GET /platform/queues/[[...path]]': {
    kind: 'route',
    access: 'session',
    note: 'bull-board for platform operators only (no demo user is one): a 404 for everyone else',
    foreign: [],
    denied: [
      ...['owner', 'admin', 'agent', 'billing'].map((as) => ({
        as: as as Who,
        what: `${as} is no platform admin`,
        expect: { status: 404 },
        path: () => '/platform/queues/api/queues',
      })),
      { as: 'anon', what: 'signed out', expect: { status: 404 }, path: () => '/platform/queues/api/queues' },
    ],
  },
  'POST /platform/queues/[[...path]]': {
    kind: 'route',
    access: 'session',
    note: 'bull-board for platform operators only (no demo user is one): a 404 for everyone else',
    foreign: [],
    denied: [
      ...['owner', 'admin', 'agent', 'billing'].map((as) => ({
        as: as as Who,
        what: `${as} is no platform admin`,
        expect: { status: 404 },
        path: () => '/platform/queues/api/queues/ai-triage/add',
        json: () => ({}),
      })),
      {
        as: 'anon',
        what: 'signed out',
        expect: { status: 404 },
        path: () => '/platform/queues/api/queues/ai-triage/add',
        json: () => ({}),
      },
    ],
  },
  'PUT /platform/queues/[[...path]]': {
    kind: 'route',
    access: 'session',
    note: 'bull-board for platform operators only (no demo user is one): a 404 for everyone else',
    foreign: [],
    denied: [
      ...['owner', 'admin', 'agent', 'billing'].map((as) => ({
        as: as as Who,
        what: `${as} is no platform admin`,
        expect: { status: 404 },
        path: () => '/platform/queues/api/queues/ai-triage/retry/failed',
        json: () => ({}),
      })),
      {
        as: 'anon',
        what: 'signed out',
        expect: { status: 404 },
        path: () => '/platform/queues/api/queues/ai-triage/retry/failed',
        json: () => ({}),
      },
    ],
  },
  'PATCH /platform/queues/[[...path]]': {
    kind: 'route',
    access: 'session',
    note: 'bull-board for platform operators only (no demo user is one): a 404 for everyone else',
    foreign: [],
    denied: [
      ...['owner', 'admin', 'agent', 'billing'].map((as) => ({
        as: as as Who,
        what: `${as} is no platform admin`,
        expect: { status: 404 },
        path: () => '/platform/queues/api/queues/ai-triage/concurrency',
        json: () => ({}),
      })),
      {
        as: 'anon',
        what: 'signed out',
        expect: { status: 404 },
        path: () => '/platform/queues/api/queues/ai-triage/concurrency',
        json: () => ({}),
      },
    ],
  },
  'GET /api/health': {
    kind: 'route',
    access: 'public',
    note: 'readiness: no secret, no tenant data',
    foreign: [{ as: 'anon', what: 'health', expect: { status: 200 }, path: () => '/api/health' }],
    denied: [],
  },
  'POST /api/inbound/[alias]': {
    kind: 'route',
    access: 'public',
    note: 'the signature with the alias’s own secret is the authentication',
    foreign: [
      {
        as: 'anon',
        what: 'victim alias signed with Acme’s secret',
        expect: { status: 401 },
        path: (c) => `/api/inbound/${c.v.inboundAlias}`,
        ...inbound(
          (c) => c.a.inboundSecret,
          (c) => c.v.inboundAlias,
        ),
      },
      {
        as: 'anon',
        what: 'victim alias unsigned',
        expect: { status: 401 },
        path: (c) => `/api/inbound/${c.v.inboundAlias}`,
        body: (c) => mail(c.v.inboundAlias),
        headers: () => ({ 'content-type': 'message/rfc822' }),
      },
    ],
    denied: [],
  },
  'POST /api/inbound/email/[alias]': {
    kind: 'route',
    access: 'public',
    note: 'the signature with the alias’s own secret is the authentication',
    foreign: [
      {
        as: 'anon',
        what: 'victim alias signed with Acme’s secret',
        expect: { status: 401 },
        path: (c) => `/api/inbound/email/${c.v.inboundAlias}`,
        ...inbound(
          (c) => c.a.inboundSecret,
          (c) => c.v.inboundAlias,
        ),
      },
      {
        as: 'anon',
        what: 'victim alias unsigned',
        expect: { status: 401 },
        path: (c) => `/api/inbound/email/${c.v.inboundAlias}`,
        body: (c) => mail(c.v.inboundAlias),
        headers: () => ({ 'content-type': 'message/rfc822' }),
      },
    ],
    denied: [],
  },
  'GET /api/tickets/[id]/ai-events': {
    kind: 'route',
    access: 'session',
    foreign: [{ as: 'agent', what: 'victim ticket', expect: { status: 404 }, path: (c) => `/api/tickets/${c.v.ticket.id}/ai-events` }],
    denied: apiDenied((c) => `/api/tickets/${c.a.ticket.id}/ai-events`, AGENTS_ONLY),
  },
  'GET /api/tickets/stream': {
    kind: 'route',
    access: 'session',
    foreign: [
      { as: 'agent', what: 'victim ticket', expect: { status: 404 }, path: (c) => `/api/tickets/stream?ticketId=${c.v.ticket.id}` },
    ],
    denied: apiDenied((c) => `/api/tickets/stream?ticketId=${c.a.ticket.id}`, AGENTS_ONLY),
  },
  'GET /api/v1/customers': {
    kind: 'route',
    access: 'apiKey',
    note: 'the key’s tenant only',
    foreign: [
      {
        as: 'key',
        what: 'search for the victim customer’s email',
        expect: { status: 200 },
        path: (c) => `/api/v1/customers?q=${encodeURIComponent(c.v.customer.email)}`,
      },
    ],
    denied: v1Denied(() => '/api/v1/customers', 'keyTicketsRead'),
  },
  'GET /api/v1/customers/[id]': {
    kind: 'route',
    access: 'apiKey',
    foreign: [{ as: 'key', what: 'victim customer', expect: { status: 404 }, path: (c) => `/api/v1/customers/${c.v.customer.id}` }],
    denied: v1Denied((c) => `/api/v1/customers/${c.a.customer.id}`, 'keyTicketsRead'),
  },
  'GET /api/v1/search': {
    kind: 'route',
    access: 'apiKey',
    note: 'the key’s tenant only',
    foreign: [
      {
        as: 'key',
        what: 'search for the victim’s subject',
        expect: { status: 200 },
        path: (c) => `/api/v1/search?q=${c.v.ticket.subject}`,
      },
      {
        as: 'key',
        what: 'search filtered by the victim’s customer',
        expect: { status: 200 },
        path: (c) => `/api/v1/search?q=card&customerId=${c.v.customer.id}`,
      },
    ],
    denied: v1Denied(() => '/api/v1/search?q=card', 'keyCustomersRead'),
  },
  'GET /api/v1/tags': {
    kind: 'route',
    access: 'apiKey',
    note: 'the key’s tenant only',
    foreign: [{ as: 'key', what: 'tag list', expect: { status: 200 }, path: () => '/api/v1/tags' }],
    denied: v1Denied(() => '/api/v1/tags', 'keyCustomersRead'),
  },
  'GET /api/v1/tickets': {
    kind: 'route',
    access: 'apiKey',
    note: 'the key’s tenant only',
    foreign: [
      {
        as: 'key',
        what: 'list filtered by the victim’s customer',
        expect: { status: 200 },
        path: (c) => `/api/v1/tickets?customerId=${c.v.customer.id}`,
      },
      {
        as: 'key',
        what: 'the victim’s ticket as the page cursor',
        expect: { status: 400 },
        path: (c) => `/api/v1/tickets?cursor=${c.v.ticket.id}`,
      },
    ],
    denied: v1Denied(() => '/api/v1/tickets', 'keyCustomersRead'),
  },
  'POST /api/v1/tickets': {
    kind: 'route',
    access: 'apiKey',
    note: 'creates in the key’s tenant; the victim’s user is not assignable',
    foreign: [
      {
        as: 'key',
        what: 'assigned to the victim’s owner',
        expect: { status: 400 },
        path: () => '/api/v1/tickets',
        json: (c) => ({
          subject: 'isolation probe',
          bodyText: 'x',
          customer: { email: `iso-${c.v.tag}@example.test` },
          assigneeId: c.v.userId,
          tenantId: c.v.tenantId,
        }),
      },
    ],
    denied: v1Denied(() => '/api/v1/tickets', 'keyTicketsRead', {
      json: () => ({ subject: 'x', bodyText: 'x', customer: { email: 'x@example.test' } }),
    }),
  },
  'GET /api/v1/tickets/[id]': {
    kind: 'route',
    access: 'apiKey',
    foreign: [{ as: 'key', what: 'victim ticket', expect: { status: 404 }, path: (c) => `/api/v1/tickets/${c.v.ticket.id}` }],
    denied: v1Denied((c) => `/api/v1/tickets/${c.a.ticket.id}`, 'keyCustomersRead'),
  },
  'PATCH /api/v1/tickets/[id]': {
    kind: 'route',
    access: 'apiKey',
    foreign: [
      {
        as: 'key',
        what: 'victim ticket',
        expect: { status: 404 },
        path: (c) => `/api/v1/tickets/${c.v.ticket.id}`,
        json: () => ({ status: 'SOLVED' }),
      },
    ],
    denied: v1Denied((c) => `/api/v1/tickets/${c.a.ticket.id}`, 'keyTicketsRead', { json: () => ({ priority: 'LOW' }) }),
  },
  'GET /api/v1/tickets/[id]/messages': {
    kind: 'route',
    access: 'apiKey',
    foreign: [{ as: 'key', what: 'victim ticket', expect: { status: 404 }, path: (c) => `/api/v1/tickets/${c.v.ticket.id}/messages` }],
    denied: v1Denied((c) => `/api/v1/tickets/${c.a.ticket.id}/messages`, 'keyCustomersRead'),
  },
  'POST /api/v1/tickets/[id]/messages': {
    kind: 'route',
    access: 'apiKey',
    foreign: [
      {
        as: 'key',
        what: 'note on the victim ticket',
        expect: { status: 404 },
        path: (c) => `/api/v1/tickets/${c.v.ticket.id}/messages`,
        json: () => ({ kind: 'NOTE', bodyText: 'isolation probe' }),
      },
    ],
    denied: v1Denied((c) => `/api/v1/tickets/${c.a.ticket.id}/messages`, 'keyTicketsRead', {
      json: () => ({ kind: 'NOTE', bodyText: 'x' }),
    }),
  },

  // Pages ----------------------------------------------------------------------------------------------------------
  '/': {
    kind: 'page',
    access: 'public',
    note: 'sends a visitor to sign in and a member to their home',
    foreign: [{ as: 'anon', what: 'visitor', expect: { signIn: true }, path: () => '/' }],
    denied: [],
  },
  '/signin': {
    kind: 'page',
    access: 'public',
    foreign: [{ as: 'anon', what: 'sign-in form', expect: { status: 200 }, path: () => '/signin' }],
    denied: [],
  },
  '/signup': {
    kind: 'page',
    access: 'public',
    foreign: [{ as: 'anon', what: 'sign-up form', expect: { status: 200 }, path: () => '/signup' }],
    denied: [],
  },
  '/invite/[token]': {
    kind: 'page',
    access: 'public',
    note: 'the token is the credential: its holder sees the workspace and the invited email, nothing else',
    foreign: [
      {
        as: 'anon',
        what: 'holder of the victim’s invitation sees its email only',
        expect: { status: 200 },
        path: (c) => `/invite/${c.v.invitation.token}`,
        allow: (c) => [c.v.invitation.email],
      },
      {
        as: 'owner',
        what: 'Acme owner with a made-up token',
        expect: { status: 200 },
        path: () => '/invite/not-a-real-token-0000000000000000000000000000',
      },
    ],
    denied: [],
  },
  '/contact/[slug]': {
    kind: 'page',
    access: 'public',
    note: 'any workspace’s public form shows its name only',
    foreign: [
      { as: 'anon', what: 'victim’s public form', expect: { status: 200 }, path: (c) => `/contact/${c.v.slug}` },
      { as: 'anon', what: 'unknown workspace', expect: { status: 404 }, path: () => '/contact/no-such-workspace' },
    ],
    denied: [],
  },
  '/reset-password': {
    kind: 'page',
    access: 'public',
    foreign: [{ as: 'anon', what: 'request form', expect: { status: 200 }, path: () => '/reset-password' }],
    denied: [],
  },
  '/reset-password/[token]': {
    kind: 'page',
    access: 'public',
    note: 'the token is the credential; a made-up one shows the expired notice',
    foreign: [
      { as: 'anon', what: 'made-up token', expect: { status: 200 }, path: () => '/reset-password/not-a-real-reset-token-000000000000' },
    ],
    denied: [],
  },
  '/signup/confirm/[token]': {
    kind: 'page',
    access: 'public',
    note: 'the token is the credential',
    foreign: [
      { as: 'anon', what: 'made-up token', expect: { status: 200 }, path: () => '/signup/confirm/not-a-real-signup-token-000000000000' },
    ],
    denied: [],
  },
  '/account/security': {
    kind: 'page',
    access: 'session',
    note: 'the signed-in user’s own sign-in settings; no id to swap',
    foreign: [{ as: 'owner', what: 'own security page', expect: { status: 200 }, path: () => '/account/security' }],
    denied: [{ as: 'anon', what: 'signed out', expect: { signIn: true }, path: () => '/account/security' }],
  },
  '/admin': {
    kind: 'page',
    access: 'session',
    note: 'session tenant only',
    foreign: [{ as: 'owner', what: 'admin home', expect: { status: 200 }, path: () => '/admin' }],
    denied: pageDenied(() => '/admin', ADMIN_ONLY),
  },
  '/admin/api-keys': {
    kind: 'page',
    access: 'session',
    note: 'session tenant only',
    foreign: [{ as: 'admin', what: 'key list', expect: { status: 200 }, path: () => '/admin/api-keys' }],
    denied: pageDenied(() => '/admin/api-keys', ADMIN_ONLY),
  },
  '/admin/channels': {
    kind: 'page',
    access: 'session',
    note: 'session tenant only',
    foreign: [{ as: 'admin', what: 'channels', expect: { status: 200 }, path: () => '/admin/channels' }],
    denied: pageDenied(() => '/admin/channels', ADMIN_ONLY),
  },
  '/admin/escalation': {
    kind: 'page',
    access: 'session',
    note: 'session tenant only',
    foreign: [{ as: 'admin', what: 'policy', expect: { status: 200 }, path: () => '/admin/escalation' }],
    denied: pageDenied(() => '/admin/escalation', ADMIN_ONLY),
  },
  '/admin/helpdesk': {
    kind: 'page',
    access: 'session',
    note: 'session tenant only',
    foreign: [{ as: 'admin', what: 'macros, SLA, views', expect: { status: 200 }, path: () => '/admin/helpdesk' }],
    denied: pageDenied(() => '/admin/helpdesk', ADMIN_ONLY),
  },
  '/admin/members': {
    kind: 'page',
    access: 'session',
    note: 'session tenant only',
    foreign: [{ as: 'owner', what: 'members', expect: { status: 200 }, path: () => '/admin/members' }],
    denied: pageDenied(() => '/admin/members', ADMIN_ONLY),
  },
  '/admin/prices': {
    kind: 'page',
    access: 'session',
    note: 'session tenant and platform prices',
    foreign: [{ as: 'admin', what: 'prices', expect: { status: 200 }, path: () => '/admin/prices' }],
    denied: pageDenied(() => '/admin/prices', ADMIN_ONLY),
  },
  '/admin/triage': {
    kind: 'page',
    access: 'session',
    note: 'session tenant only',
    foreign: [{ as: 'admin', what: 'taxonomy and versions', expect: { status: 200 }, path: () => '/admin/triage' }],
    denied: pageDenied(() => '/admin/triage', ADMIN_ONLY),
  },
  '/admin/tags': {
    kind: 'page',
    access: 'session',
    note: 'session tenant only',
    foreign: [{ as: 'admin', what: 'tags with counts', expect: { status: 200 }, path: () => '/admin/tags' }],
    denied: pageDenied(() => '/admin/tags', ADMIN_ONLY),
  },
  '/admin/groups': {
    kind: 'page',
    access: 'session',
    note: 'session tenant only',
    foreign: [{ as: 'admin', what: 'groups and members', expect: { status: 200 }, path: () => '/admin/groups' }],
    denied: pageDenied(() => '/admin/groups', ADMIN_ONLY),
  },
  '/admin/macros/[id]': {
    kind: 'page',
    access: 'session',
    foreign: [{ as: 'admin', what: 'victim macro', expect: { status: 404 }, path: (c) => `/admin/macros/${c.v.macro.id}` }],
    denied: pageDenied((c) => `/admin/macros/${c.a.macro.id}`, ADMIN_ONLY),
  },
  '/inbox/views': {
    kind: 'page',
    access: 'session',
    note: 'the viewer’s own views in the session tenant',
    foreign: [{ as: 'agent', what: 'view builder', expect: { status: 200 }, path: () => '/inbox/views' }],
    denied: pageDenied(() => '/inbox/views', AGENTS_ONLY),
  },
  '/account/workspaces': {
    kind: 'page',
    access: 'session',
    note: 'the signed-in user’s own workspaces; no id to swap',
    foreign: [{ as: 'owner', what: 'own workspace list', expect: { status: 200 }, path: () => '/account/workspaces' }],
    denied: [{ as: 'anon', what: 'signed out', expect: { signIn: true }, path: () => '/account/workspaces' }],
  },
  '/ai': {
    kind: 'page',
    access: 'session',
    note: 'session tenant only',
    foreign: [{ as: 'agent', what: 'AI overview', expect: { status: 200 }, path: () => '/ai' }],
    denied: pageDenied(() => '/ai', AGENTS_ONLY),
  },
  '/reports': {
    kind: 'page',
    access: 'session',
    note: 'session tenant only; the victim has tickets in the same days',
    foreign: [{ as: 'owner', what: 'leads’ reports', expect: { status: 200 }, path: () => '/reports' }],
    denied: pageDenied(() => '/reports', ADMIN_ONLY),
  },
  '/billing': {
    kind: 'page',
    access: 'session',
    note: 'session tenant only; the victim spent in the same days',
    foreign: [{ as: 'billing', what: 'spend report', expect: { status: 200 }, path: () => '/billing' }],
    denied: pageDenied(() => '/billing', NOT_BILLING),
  },
  '/billing/platform': {
    kind: 'page',
    access: 'session',
    note: 'all tenants’ spend, for platform admins only (no demo user is one)',
    foreign: [],
    denied: [...pageDenied(() => '/billing/platform', ['owner', 'admin', 'agent', 'billing'])],
  },
  '/billing/statement/[month]': {
    kind: 'page',
    access: 'session',
    note: 'the month of the session tenant; the victim spent in that month',
    foreign: [
      {
        as: 'billing',
        what: 'statement of a month with victim spend',
        expect: { status: 200 },
        path: (c) => `/billing/statement/${c.v.month}`,
      },
    ],
    denied: pageDenied((c) => `/billing/statement/${c.v.month}`, NOT_BILLING),
  },
  '/notifications': {
    kind: 'page',
    access: 'session',
    note: 'the session tenant’s notifications; the victim has an unread budget alert',
    foreign: [
      {
        as: 'owner',
        what: 'notification list while the victim has an unread alert',
        expect: { status: 200 },
        path: () => '/notifications',
      },
    ],
    denied: pageDenied(() => '/notifications', []),
  },
  'app/(app)/notifications/actions.ts#markNotificationsReadAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      {
        as: 'owner',
        what: 'victim’s notification',
        expect: { refused: NOT_FOUND },
        args: (c) => [EMPTY_STATE, form({ id: c.v.notification.id })],
      },
    ],
    denied: actionDenied((c) => [EMPTY_STATE, form({ id: c.v.notification.id })], []),
  },
  '/customers': {
    kind: 'page',
    access: 'session',
    note: 'session tenant only',
    foreign: [
      {
        as: 'agent',
        what: 'search for the victim customer’s email',
        expect: { status: 200 },
        path: (c) => `/customers?q=${encodeURIComponent(c.v.customer.email)}`,
      },
    ],
    denied: pageDenied(() => '/customers', AGENTS_ONLY),
  },
  '/customers/[id]': {
    kind: 'page',
    access: 'session',
    foreign: [{ as: 'agent', what: 'victim customer', expect: { status: 404 }, path: (c) => `/customers/${c.v.customer.id}` }],
    denied: pageDenied((c) => `/customers/${c.a.customer.id}`, AGENTS_ONLY),
  },
  '/inbox': {
    kind: 'page',
    access: 'session',
    note: 'a foreign view id falls back to the default view',
    foreign: [
      { as: 'agent', what: 'the victim’s shared view', expect: { status: 200 }, path: (c) => `/inbox?view=${c.v.view.id}` },
      { as: 'agent', what: 'search for the victim’s subject', expect: { status: 200 }, path: (c) => `/inbox?q=${c.v.ticket.subject}` },
    ],
    denied: pageDenied(() => '/inbox', AGENTS_ONLY),
  },
  '/knowledge': {
    kind: 'page',
    access: 'session',
    note: 'session tenant only',
    foreign: [{ as: 'agent', what: 'article list', expect: { status: 200 }, path: () => '/knowledge' }],
    denied: pageDenied(() => '/knowledge', AGENTS_ONLY),
  },
  '/knowledge/[id]': {
    kind: 'page',
    access: 'session',
    foreign: [{ as: 'agent', what: 'victim article', expect: { status: 404 }, path: (c) => `/knowledge/${c.v.article.id}` }],
    denied: pageDenied((c) => `/knowledge/${c.a.article.id}`, AGENTS_ONLY),
  },
  '/knowledge/new': {
    kind: 'page',
    access: 'session',
    note: 'an empty form',
    foreign: [{ as: 'agent', what: 'new article form', expect: { status: 200 }, path: () => '/knowledge/new' }],
    denied: pageDenied(() => '/knowledge/new', AGENTS_ONLY),
  },
  '/tickets/[number]': {
    kind: 'page',
    access: 'session',
    note: 'numbers are per tenant: the victim’s number does not exist in Acme',
    foreign: [{ as: 'agent', what: 'victim ticket number', expect: { status: 404 }, path: (c) => `/tickets/${c.v.ticket.number}` }],
    denied: pageDenied((c) => `/tickets/${c.a.ticket.number}`, AGENTS_ONLY),
  },

  // Server actions -------------------------------------------------------------------------------------------------
  'app/(auth)/signup/actions.ts#signUpAction': {
    kind: 'action',
    access: 'public',
    note: 'creates a new tenant; called with a too-short password so nothing is written',
    foreign: [
      {
        as: 'anon',
        what: 'sign-up with the victim owner’s email',
        expect: { refused: /10 characters/ },
        args: (c) => [form({ tenantName: 'Probe', name: 'Probe', email: `victim-owner-${c.v.tag}@victim.test`, password: 'short' })],
      },
    ],
    denied: [],
  },
  'app/(auth)/invite/[token]/actions.ts#acceptInvitationAction': {
    kind: 'action',
    access: 'public',
    note: 'the token is the credential',
    foreign: [
      {
        as: 'anon',
        what: 'a made-up token',
        expect: { refused: /not valid|expired|not found|invalid/i },
        args: () => [
          form({ token: 'not-a-real-token-0000000000000000000000000000', name: 'Probe Person', password: 'probe-password-123' }),
        ],
      },
    ],
    denied: [],
  },
  'app/contact/[slug]/actions.ts#submitContact': {
    kind: 'action',
    access: 'public',
    note: 'public form of any workspace; an incomplete form so no ticket is filed',
    foreign: [
      {
        as: 'anon',
        what: 'victim slug, no email',
        expect: { refused: /email/i },
        args: (c) => [c.v.slug, EMPTY_STATE, form({ name: 'Probe', email: '', subject: 'x', message: 'x', website: '' })],
        page: (c) => `/contact/${c.v.slug}`,
      },
    ],
    denied: [],
  },
  'app/(auth)/reset-password/actions.ts#requestResetAction': {
    kind: 'action',
    access: 'public',
    note: 'answers alike whether or not the address has an account; a malformed address so no mail is sent',
    foreign: [
      {
        as: 'anon',
        what: 'malformed address',
        expect: { refused: /email/i },
        args: () => [form({ email: 'not-an-email' })],
        page: () => '/reset-password',
      },
    ],
    denied: [],
  },
  'app/(auth)/reset-password/actions.ts#resetPasswordAction': {
    kind: 'action',
    access: 'public',
    note: 'the token is the credential',
    foreign: [
      {
        as: 'anon',
        what: 'made-up token',
        expect: { refused: /expired|invalid|not valid|not found|used/i },
        args: () => [form({ token: 'not-a-real-reset-token-000000000000', password: 'a-long-enough-password-1' })],
        page: () => '/reset-password',
      },
    ],
    denied: [],
  },
  'app/(auth)/signup/confirm/[token]/actions.ts#confirmSignUpAction': {
    kind: 'action',
    access: 'public',
    note: 'the token is the credential',
    foreign: [
      {
        as: 'anon',
        what: 'made-up token',
        expect: { refused: /expired|invalid|not valid|not found|used/i },
        args: () => [EMPTY_STATE, form({ token: 'not-a-real-signup-token-000000000000' })],
        page: () => '/signup/confirm/not-a-real-signup-token-000000000000',
      },
    ],
    denied: [],
  },
  'app/account/security/actions.ts#beginEnrolmentAction': {
    kind: 'action',
    access: 'session',
    note: 'acts on the signed-in user only (takes no id); not called signed in, as it would start an enrolment',
    foreign: [],
    denied: [{ as: 'anon', what: 'signed out', expect: { signIn: true }, args: () => [] }],
  },
  'app/account/security/actions.ts#confirmEnrolmentAction': {
    kind: 'action',
    access: 'session',
    note: 'acts on the signed-in user only; a wrong code changes nothing',
    foreign: [{ as: 'agent', what: 'wrong code', expect: { refused: /code|enrol|start/i }, args: () => [form({ code: '000000' })] }],
    denied: [{ as: 'anon', what: 'signed out', expect: { signIn: true }, args: () => [form({ code: '000000' })] }],
  },
  'app/account/security/actions.ts#regenerateCodesAction': {
    kind: 'action',
    access: 'session',
    note: 'acts on the signed-in user only; a wrong password changes nothing',
    foreign: [
      {
        as: 'agent',
        what: 'wrong password',
        expect: { refused: /password|two-factor/i },
        args: () => [form({ password: 'not-the-password-1' })],
      },
    ],
    denied: [{ as: 'anon', what: 'signed out', expect: { signIn: true }, args: () => [form({ password: 'not-the-password-1' })] }],
  },
  'app/account/security/actions.ts#disableTwoFactorAction': {
    kind: 'action',
    access: 'session',
    note: 'acts on the signed-in user only; a wrong password changes nothing',
    foreign: [
      {
        as: 'agent',
        what: 'wrong password',
        expect: { refused: /password|two-factor/i },
        args: () => [form({ password: 'not-the-password-1' })],
      },
    ],
    denied: [{ as: 'anon', what: 'signed out', expect: { signIn: true }, args: () => [form({ password: 'not-the-password-1' })] }],
  },
  'app/account/security/actions.ts#endOtherSessionsAction': {
    kind: 'action',
    access: 'session',
    note: 'ends the signed-in user’s other sessions and keeps this one; takes no id',
    foreign: [{ as: 'billing', what: 'own other sessions', expect: { status: 200 }, args: () => [] }],
    denied: [{ as: 'anon', what: 'signed out', expect: { signIn: true }, args: () => [] }],
  },
  'app/account/security/actions.ts#setRequirementAction': {
    kind: 'action',
    access: 'session',
    note: 'the session tenant’s rule; turning it on needs the owner’s own second factor, so nothing is written',
    foreign: [
      {
        as: 'owner',
        what: 'turn on without an own second factor',
        expect: { refused: /two-factor/i },
        args: () => [form({ required: 'on' })],
      },
    ],
    denied: [
      {
        as: 'agent',
        what: 'agent changes the workspace rule',
        expect: { refused: /owners and admins/i },
        args: () => [form({ required: 'on' })],
      },
      {
        as: 'billing',
        what: 'billing viewer changes the workspace rule',
        expect: { refused: /owners and admins/i },
        args: () => [form({ required: 'on' })],
      },
      { as: 'anon', what: 'signed out', expect: { signIn: true }, args: () => [form({ required: 'on' })] },
    ],
  },
  'app/(app)/ai/actions.ts#retryJobAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      {
        as: 'agent',
        what: 'victim’s AI job',
        expect: { refused: NOT_FOUND },
        args: (c) => [EMPTY_STATE, form({ queue: c.v.job.queue, jobId: c.v.job.id })],
      },
    ],
    denied: actionDenied((c) => [EMPTY_STATE, form({ queue: c.v.job.queue, jobId: c.v.job.id })], AGENTS_ONLY),
  },
  'app/(app)/admin/channels/actions.ts#revealInboundSecretAction': {
    kind: 'action',
    access: 'session',
    note: 'reveals the session tenant’s own secret',
    foreign: [{ as: 'admin', what: 'reveal', expect: { status: 200 }, args: () => [] }],
    denied: actionDenied(() => [], ADMIN_ONLY),
  },
  'app/(app)/admin/channels/actions.ts#rotateInboundSecretAction': {
    kind: 'action',
    access: 'session',
    note: 'rotates the session tenant’s own secret (the victim’s must not change)',
    foreign: [{ as: 'admin', what: 'rotate', expect: { status: 200 }, args: () => [] }],
    denied: actionDenied(() => [], ADMIN_ONLY),
  },
  'app/(app)/admin/api-keys/actions.ts#createApiKeyAction': {
    kind: 'action',
    access: 'session',
    note: 'creates in the session tenant; no scope picked, so nothing is written',
    foreign: [
      {
        as: 'admin',
        what: 'victim tenantId in the form',
        expect: { refused: /scope/ },
        args: (c) => [form({ name: 'probe', tenantId: c.v.tenantId })],
      },
    ],
    denied: actionDenied(() => [form({ name: 'probe', scopes: 'tickets:read' })], ADMIN_ONLY),
  },
  'app/(app)/admin/api-keys/actions.ts#revokeApiKeyAction': {
    kind: 'action',
    access: 'session',
    foreign: [{ as: 'admin', what: 'victim’s key', expect: { refused: NOT_FOUND }, args: (c) => [c.v.apiKey.id] }],
    denied: actionDenied((c) => [c.v.apiKey.id], ADMIN_ONLY),
  },
  'app/(app)/admin/escalation/actions.ts#simulateAction': {
    kind: 'action',
    access: 'session',
    note: 'replays the session tenant’s history; the victim’s category must not count',
    foreign: [
      {
        as: 'admin',
        what: 'simulation with the victim’s category',
        expect: { status: 200 },
        args: (c) => [{ ...policyValues, categories: [c.v.category.key] }],
      },
    ],
    denied: actionDenied(() => [policyValues], ADMIN_ONLY),
  },
  'app/(app)/admin/escalation/actions.ts#savePolicyAction': {
    kind: 'action',
    access: 'session',
    note: 'saves the session tenant’s policy; an invalid budget so nothing is written',
    foreign: [
      {
        as: 'admin',
        what: 'invalid budget',
        expect: { refused: /dollars/ },
        args: () => [{ ...policyValues, monthlyBudgetMicros: 'lots' }],
      },
    ],
    denied: actionDenied(() => [policyValues], ADMIN_ONLY),
  },
  'app/(app)/admin/helpdesk/actions.ts#createMacroAction': {
    kind: 'action',
    access: 'session',
    note: 'creates in the session tenant; no name, so nothing is written',
    foreign: [
      {
        as: 'admin',
        what: 'victim tenantId in the form',
        expect: { refused: /Enter a name/ },
        args: (c) => [EMPTY_STATE, form({ name: '', body: 'x', status: '', priority: '', addTags: '', tenantId: c.v.tenantId })],
      },
    ],
    denied: actionDenied(() => [EMPTY_STATE, form({ name: 'probe', body: 'x', status: '', priority: '', addTags: '' })], ADMIN_ONLY),
  },
  'app/(app)/admin/helpdesk/actions.ts#deleteMacroAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      { as: 'admin', what: 'victim’s macro', expect: { refused: NOT_FOUND }, args: (c) => [EMPTY_STATE, form({ macroId: c.v.macro.id })] },
    ],
    denied: actionDenied((c) => [EMPTY_STATE, form({ macroId: c.a.macro.id })], ADMIN_ONLY),
  },
  'app/(app)/admin/helpdesk/actions.ts#saveSlaAction': {
    kind: 'action',
    access: 'session',
    note: 'the session tenant’s SLA by priority; minutes of 0 so nothing is written',
    foreign: [
      {
        as: 'admin',
        what: 'invalid minutes',
        expect: { refused: /at least 1 minute/ },
        args: () => [EMPTY_STATE, form({ priority: 'LOW', firstResponseMinutes: '0', resolutionMinutes: '0' })],
      },
    ],
    denied: actionDenied(() => [EMPTY_STATE, form({ priority: 'LOW', firstResponseMinutes: '1', resolutionMinutes: '1' })], ADMIN_ONLY),
  },
  'app/(app)/admin/helpdesk/actions.ts#deleteSlaAction': {
    kind: 'action',
    access: 'session',
    note: 'keyed by priority in the session tenant; an unknown priority so nothing is deleted',
    foreign: [
      { as: 'admin', what: 'invalid priority', expect: { refused: /priority/i }, args: () => [EMPTY_STATE, form({ priority: 'NOPE' })] },
    ],
    denied: actionDenied(() => [EMPTY_STATE, form({ priority: 'LOW' })], ADMIN_ONLY),
  },
  'app/(app)/admin/helpdesk/actions.ts#createSharedViewAction': {
    kind: 'action',
    access: 'session',
    note: 'creates in the session tenant; an invalid status so nothing is written',
    foreign: [
      {
        as: 'admin',
        what: 'filter on the victim’s assignee',
        expect: { refused: /status|invalid/i },
        args: (c) => [EMPTY_STATE, form({ name: 'probe', status: 'NOPE', assigneeId: c.v.userId, tag: '', priority: '' })],
      },
    ],
    denied: actionDenied(() => [EMPTY_STATE, form({ name: 'probe', status: '', assigneeId: '', tag: '', priority: '' })], ADMIN_ONLY),
  },
  'app/(app)/admin/helpdesk/actions.ts#deleteViewAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      { as: 'admin', what: 'victim’s view', expect: { refused: NOT_FOUND }, args: (c) => [EMPTY_STATE, form({ viewId: c.v.view.id })] },
    ],
    denied: actionDenied((c) => [EMPTY_STATE, form({ viewId: c.v.view.id })], ADMIN_ONLY),
  },
  'app/(app)/admin/tags/actions.ts#renameTagAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      {
        as: 'admin',
        what: 'victim’s tag',
        expect: { refused: NOT_FOUND },
        args: (c) => [EMPTY_STATE, form({ tagId: c.v.tag_.id, name: 'probe' })],
      },
    ],
    denied: actionDenied((c) => [EMPTY_STATE, form({ tagId: c.v.tag_.id, name: 'probe' })], ADMIN_ONLY),
  },
  'app/(app)/admin/tags/actions.ts#mergeTagAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      {
        as: 'admin',
        what: 'victim’s tag as the source',
        expect: { refused: NOT_FOUND },
        args: (c) => [EMPTY_STATE, form({ sourceId: c.v.tag_.id, targetId: 'no-such-tag' })],
      },
    ],
    denied: actionDenied((c) => [EMPTY_STATE, form({ sourceId: c.v.tag_.id, targetId: 'no-such-tag' })], ADMIN_ONLY),
  },
  'app/(app)/admin/tags/actions.ts#deleteTagAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      { as: 'admin', what: 'victim’s tag', expect: { refused: NOT_FOUND }, args: (c) => [EMPTY_STATE, form({ tagId: c.v.tag_.id })] },
    ],
    denied: actionDenied((c) => [EMPTY_STATE, form({ tagId: c.v.tag_.id })], ADMIN_ONLY),
  },
  'app/(app)/admin/groups/actions.ts#createGroupAction': {
    kind: 'action',
    access: 'session',
    note: 'creates in the session tenant; no name, so nothing is written',
    foreign: [
      {
        as: 'admin',
        what: 'victim tenantId in the form',
        expect: { refused: /required/ },
        args: (c) => [EMPTY_STATE, form({ name: '', tenantId: c.v.tenantId })],
      },
    ],
    denied: actionDenied(() => [EMPTY_STATE, form({ name: 'probe' })], ADMIN_ONLY),
  },
  'app/(app)/admin/groups/actions.ts#renameGroupAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      {
        as: 'admin',
        what: 'victim’s group',
        expect: { refused: NOT_FOUND },
        args: (c) => [EMPTY_STATE, form({ groupId: c.v.group.id, name: 'probe' })],
      },
    ],
    denied: actionDenied((c) => [EMPTY_STATE, form({ groupId: c.v.group.id, name: 'probe' })], ADMIN_ONLY),
  },
  'app/(app)/admin/groups/actions.ts#setGroupMembersAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      {
        as: 'admin',
        what: 'victim’s group',
        expect: { refused: NOT_FOUND },
        args: (c) => [EMPTY_STATE, form({ groupId: c.v.group.id, userIds: [c.a.agentUserId] })],
      },
    ],
    denied: actionDenied((c) => [EMPTY_STATE, form({ groupId: c.v.group.id, userIds: [] })], ADMIN_ONLY),
  },
  'app/(app)/admin/groups/actions.ts#deleteGroupAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      { as: 'admin', what: 'victim’s group', expect: { refused: NOT_FOUND }, args: (c) => [EMPTY_STATE, form({ groupId: c.v.group.id })] },
    ],
    denied: actionDenied((c) => [EMPTY_STATE, form({ groupId: c.v.group.id })], ADMIN_ONLY),
  },
  'app/(app)/admin/macros/actions.ts#updateMacroAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      {
        as: 'admin',
        what: 'victim’s macro',
        expect: { refused: NOT_FOUND },
        page: (c) => `/admin/macros/${c.a.macro.id}`,
        args: (c) => [
          EMPTY_STATE,
          form({ macroId: c.v.macro.id, name: 'probe', body: 'x', status: '', priority: '', addTags: '', removeTags: '', assigneeId: '' }),
        ],
      },
    ],
    denied: actionDenied(
      (c) => [
        EMPTY_STATE,
        form({ macroId: c.v.macro.id, name: 'probe', body: 'x', status: '', priority: '', addTags: '', removeTags: '', assigneeId: '' }),
      ],
      ADMIN_ONLY,
    ).map((p) => ({
      ...p,
      page: (c: Ctx) => `/admin/macros/${c.a.macro.id}`,
    })),
  },
  'app/(app)/inbox/views/actions.ts#saveViewAction': {
    kind: 'action',
    access: 'session',
    note: 'saves in the session tenant for the viewer; no name, so nothing is written',
    foreign: [
      {
        as: 'agent',
        what: 'filters on the victim’s group and assignee',
        expect: { refused: /name/i },
        args: (c) => [
          EMPTY_STATE,
          form({
            name: '',
            groupId: c.v.group.id,
            assigneeId: c.v.userId,
            categoryId: '',
            tag: '',
            sort: 'updated_desc',
            tenantId: c.v.tenantId,
          }),
        ],
      },
    ],
    denied: actionDenied(
      () => [EMPTY_STATE, form({ name: 'probe', groupId: '', assigneeId: '', categoryId: '', tag: '', sort: 'updated_desc' })],
      AGENTS_ONLY,
    ),
  },
  'app/(app)/inbox/views/actions.ts#deleteMyViewAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      { as: 'agent', what: 'victim’s view', expect: { refused: NOT_FOUND }, args: (c) => [EMPTY_STATE, form({ viewId: c.v.view.id })] },
    ],
    denied: actionDenied((c) => [EMPTY_STATE, form({ viewId: c.v.view.id })], AGENTS_ONLY),
  },
  'app/account/workspaces/actions.ts#createWorkspaceAction': {
    kind: 'action',
    access: 'session',
    note: 'creates a workspace owned by the signed-in user (takes no id); a one-letter name so nothing is written',
    foreign: [
      { as: 'agent', what: 'too short a name', expect: { refused: /at least 2/ }, args: () => [EMPTY_STATE, form({ tenantName: 'x' })] },
    ],
    denied: [
      { as: 'anon', what: 'signed out', expect: { signIn: true }, args: () => [EMPTY_STATE, form({ tenantName: 'Probe workspace' })] },
    ],
  },
  'app/(app)/admin/members/actions.ts#inviteMemberAction': {
    kind: 'action',
    access: 'session',
    note: 'invites into the session tenant; a bad email so nothing is written',
    foreign: [
      {
        as: 'admin',
        what: 'victim tenantId in the form',
        expect: { refused: /email/i },
        args: (c) => [form({ email: 'not-an-email', role: 'AGENT', tenantId: c.v.tenantId })],
      },
    ],
    denied: actionDenied(() => [form({ email: 'probe@acme.test', role: 'AGENT' })], ADMIN_ONLY),
  },
  'app/(app)/admin/members/actions.ts#changeRoleAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      {
        as: 'owner',
        what: 'victim’s membership',
        expect: { refused: NOT_FOUND },
        args: (c) => [EMPTY_STATE, form({ membershipId: c.v.membershipId, role: 'BILLING_VIEWER' })],
      },
    ],
    denied: [
      ...actionDenied((c) => [EMPTY_STATE, form({ membershipId: c.a.agentMembershipId, role: 'OWNER' })], ADMIN_ONLY),
      {
        as: 'admin',
        what: 'an admin makes someone owner',
        expect: { refused: /only owners can grant/i },
        args: (c) => [EMPTY_STATE, form({ membershipId: c.a.agentMembershipId, role: 'OWNER' })],
      },
    ],
  },
  'app/(app)/admin/members/actions.ts#removeMemberAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      {
        as: 'owner',
        what: 'victim’s membership',
        expect: { refused: NOT_FOUND },
        args: (c) => [EMPTY_STATE, form({ membershipId: c.v.membershipId })],
      },
    ],
    denied: [
      ...actionDenied((c) => [EMPTY_STATE, form({ membershipId: c.a.agentMembershipId })], ADMIN_ONLY),
      {
        as: 'admin',
        what: 'an admin removes the owner',
        expect: { refused: /only owners can remove/i },
        args: (c) => [EMPTY_STATE, form({ membershipId: c.a.ownerMembershipId })],
      },
    ],
  },
  'app/(app)/admin/members/actions.ts#revokeInvitationAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      {
        as: 'admin',
        what: 'victim’s invitation',
        expect: { refused: NOT_FOUND },
        args: (c) => [EMPTY_STATE, form({ invitationId: c.v.invitation.id })],
      },
    ],
    denied: actionDenied((c) => [EMPTY_STATE, form({ invitationId: c.v.invitation.id })], ADMIN_ONLY),
  },
  'app/(app)/admin/prices/actions.ts#addPriceAction': {
    kind: 'action',
    access: 'session',
    note: 'a tenant admin may price its own tenant only: the platform catalog (every tenant’s prices) is refused',
    foreign: [
      {
        as: 'owner',
        what: 'platform-wide price by a tenant owner',
        expect: { refused: /platform|permission|not allowed|forbidden/i },
        args: () => [
          EMPTY_STATE,
          form({
            scope: 'platform',
            model: 'iso-probe-model',
            provider: 'CLOUD',
            inputPerMTok: '1',
            outputPerMTok: '1',
            effectiveFrom: '2030-01-01T00:00',
          }),
        ],
      },
    ],
    denied: actionDenied(
      () => [
        EMPTY_STATE,
        form({
          scope: 'tenant',
          model: 'iso-probe-model',
          provider: 'CLOUD',
          inputPerMTok: '1',
          outputPerMTok: '1',
          effectiveFrom: '2030-01-01T00:00',
        }),
      ],
      ADMIN_ONLY,
    ),
  },
  'app/(app)/admin/prices/actions.ts#setLocalComputeAction': {
    kind: 'action',
    access: 'session',
    note: 'the session tenant’s own rate; an empty rate so nothing is written',
    foreign: [
      {
        as: 'admin',
        what: 'empty rate',
        expect: { refused: /computePerHour|required|amount|number/i },
        args: () => [EMPTY_STATE, form({ computePerHour: '', effectiveFrom: '2030-01-01T00:00' })],
      },
    ],
    denied: actionDenied(() => [EMPTY_STATE, form({ computePerHour: '1', effectiveFrom: '2030-01-01T00:00' })], ADMIN_ONLY),
  },
  'app/(app)/admin/triage/actions.ts#createCategoryAction': {
    kind: 'action',
    access: 'session',
    note: 'creates in the session tenant; the victim’s key is free to reuse, so an invalid key is sent and nothing is written',
    foreign: [
      {
        as: 'admin',
        what: 'invalid key',
        expect: { refused: /key|letters|lowercase|invalid/i },
        args: (c) => [form({ key: 'Not A Key!', name: 'x', description: '', tenantId: c.v.tenantId })],
      },
    ],
    denied: actionDenied(() => [form({ key: 'probe_key', name: 'Probe', description: '' })], ADMIN_ONLY),
  },
  'app/(app)/admin/triage/actions.ts#updateCategoryAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      {
        as: 'admin',
        what: 'victim’s category',
        expect: { refused: NOT_FOUND },
        args: (c) => [EMPTY_STATE, form({ id: c.v.category.id, name: 'overwritten', active: 'on' })],
      },
    ],
    denied: actionDenied((c) => [EMPTY_STATE, form({ id: c.a.category.id, name: 'overwritten', active: 'on' })], ADMIN_ONLY),
  },
  'app/(app)/admin/triage/actions.ts#deleteCategoryAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      { as: 'admin', what: 'victim’s category', expect: { refused: NOT_FOUND }, args: (c) => [EMPTY_STATE, form({ id: c.v.category.id })] },
    ],
    denied: actionDenied((c) => [EMPTY_STATE, form({ id: c.a.category.id })], ADMIN_ONLY),
  },
  'app/(app)/admin/triage/actions.ts#activateVersionAction': {
    kind: 'action',
    access: 'session',
    note: 'versions are numbered per tenant: the victim’s version number does not exist in Acme',
    foreign: [
      {
        as: 'admin',
        what: 'victim’s classifier version',
        expect: { refused: NOT_FOUND },
        args: (c) => [EMPTY_STATE, form({ version: String(c.v.classifierVersion) })],
      },
    ],
    denied: actionDenied((c) => [EMPTY_STATE, form({ version: String(c.v.classifierVersion) })], ADMIN_ONLY),
  },
  'app/(app)/admin/triage/actions.ts#trainNowAction': {
    kind: 'action',
    access: 'session',
    note: 'queues training of the session tenant only',
    foreign: [],
    denied: actionDenied(() => [], ADMIN_ONLY),
  },
  'app/(app)/inbox/actions.ts#bulkUpdateAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      {
        as: 'agent',
        what: 'victim ticket alone',
        expect: { refused: NOT_FOUND },
        args: (c) => [[c.v.ticket.id], { assigneeId: '', status: 'SOLVED', addTag: '' }],
      },
      {
        as: 'agent',
        what: 'own ticket and the victim’s together: all or nothing',
        expect: { refused: NOT_FOUND },
        args: (c) => [[c.a.ticket.id, c.v.ticket.id], { assigneeId: '', status: '', addTag: 'isolation-probe' }],
      },
    ],
    denied: actionDenied((c) => [[c.a.ticket.id], { assigneeId: '', status: 'SOLVED', addTag: '' }], AGENTS_ONLY),
  },
  'app/(app)/knowledge/actions.ts#createArticleAction': {
    kind: 'action',
    access: 'session',
    note: 'creates in the session tenant; no title so nothing is written',
    foreign: [
      {
        as: 'agent',
        what: 'victim tenantId in the form',
        expect: { refused: /required/ },
        args: (c) => [EMPTY_STATE, form({ title: '', bodyMarkdown: 'x', tenantId: c.v.tenantId })],
      },
    ],
    denied: actionDenied(() => [EMPTY_STATE, form({ title: 'probe', bodyMarkdown: 'x' })], AGENTS_ONLY),
  },
  'app/(app)/knowledge/actions.ts#updateArticleAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      {
        as: 'agent',
        what: 'victim’s article',
        expect: { refused: NOT_FOUND },
        args: (c) => [EMPTY_STATE, form({ id: c.v.article.id, title: 'overwritten', bodyMarkdown: 'x', version: '1' })],
      },
    ],
    denied: actionDenied(
      (c) => [EMPTY_STATE, form({ id: c.a.article.id, title: 'overwritten', bodyMarkdown: 'x', version: String(c.a.article.version) })],
      AGENTS_ONLY,
    ),
  },
  'app/(app)/knowledge/actions.ts#deleteArticleAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      { as: 'agent', what: 'victim’s article', expect: { refused: NOT_FOUND }, args: (c) => [EMPTY_STATE, form({ id: c.v.article.id })] },
    ],
    denied: actionDenied((c) => [EMPTY_STATE, form({ id: c.a.article.id })], AGENTS_ONLY),
  },
  'app/(app)/tickets/[number]/actions.ts#sendMessageAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      {
        as: 'agent',
        what: 'note on the victim ticket',
        expect: { refused: NOT_FOUND },
        args: (c) => [
          EMPTY_STATE,
          form({ ticketId: c.v.ticket.id, number: String(c.v.ticket.number), kind: 'NOTE', bodyText: 'isolation probe' }),
        ],
      },
      {
        as: 'agent',
        what: 'victim’s draft sent from the composer',
        expect: { refused: NOT_FOUND },
        args: (c) => [
          EMPTY_STATE,
          form({
            ticketId: c.a.ticket.id,
            number: String(c.a.ticket.number),
            kind: 'REPLY',
            bodyHtml: '<p>isolation probe</p>',
            draftId: c.v.draft.id,
          }),
        ],
      },
    ],
    denied: actionDenied(
      (c) => [EMPTY_STATE, form({ ticketId: c.a.ticket.id, number: String(c.a.ticket.number), kind: 'NOTE', bodyText: 'isolation probe' })],
      AGENTS_ONLY,
    ),
  },
  'app/(app)/tickets/[number]/actions.ts#updateTicketAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      {
        as: 'agent',
        what: 'victim ticket',
        expect: { refused: NOT_FOUND },
        args: (c) => [
          EMPTY_STATE,
          form({
            ticketId: c.v.ticket.id,
            number: String(c.v.ticket.number),
            assigneeId: '',
            groupId: '',
            categoryKey: '',
            status: 'SOLVED',
            priority: 'LOW',
            tags: '',
          }),
        ],
      },
    ],
    denied: actionDenied(
      (c) => [
        EMPTY_STATE,
        form({
          ticketId: c.a.ticket.id,
          number: String(c.a.ticket.number),
          assigneeId: '',
          groupId: '',
          categoryKey: '',
          status: 'SOLVED',
          priority: 'LOW',
          tags: '',
        }),
      ],
      AGENTS_ONLY,
    ),
  },
  'app/(app)/tickets/[number]/actions.ts#applyMacroAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      {
        as: 'agent',
        what: 'victim’s macro on an Acme ticket',
        expect: { refused: NOT_FOUND },
        args: (c) => [c.a.ticket.id, c.v.macro.id, c.a.ticket.number],
      },
      {
        as: 'agent',
        what: 'Acme’s macro on the victim ticket',
        expect: { refused: NOT_FOUND },
        args: (c) => [c.v.ticket.id, c.a.macro.id, c.v.ticket.number],
      },
    ],
    denied: actionDenied((c) => [c.a.ticket.id, c.a.macro.id, c.a.ticket.number], AGENTS_ONLY),
  },
  'app/(app)/tickets/[number]/actions.ts#solveTicketAction': {
    kind: 'action',
    access: 'session',
    foreign: [{ as: 'agent', what: 'victim ticket', expect: { refused: NOT_FOUND }, args: (c) => [c.v.ticket.id, c.v.ticket.number] }],
    denied: actionDenied((c) => [c.a.ticket.id, c.a.ticket.number], AGENTS_ONLY),
  },
  'app/(app)/tickets/[number]/actions.ts#retryDeliveryAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      {
        as: 'agent',
        what: 'a message of the victim tenant',
        expect: { status: 404 },
        args: (c) => [form({ messageId: `iso_message_${c.v.tag}`, number: String(c.a.ticket.number) })],
      },
    ],
    denied: actionDenied((c) => [form({ messageId: `iso_message_${c.v.tag}`, number: String(c.a.ticket.number) })], AGENTS_ONLY),
  },
  'components/ai/actions.ts#correctTriageAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      {
        as: 'agent',
        what: 'victim ticket',
        expect: { refused: NOT_FOUND },
        args: (c) => [EMPTY_STATE, form({ ticketId: c.v.ticket.id, field: 'priority', value: 'LOW' })],
      },
    ],
    denied: actionDenied((c) => [EMPTY_STATE, form({ ticketId: c.a.ticket.id, field: 'priority', value: 'LOW' })], AGENTS_ONLY),
  },
  'components/ai/panel-action.tsx#aiPanelAction': {
    kind: 'action',
    access: 'session',
    foreign: [{ as: 'agent', what: 'victim ticket’s AI panel', expect: { refused: NOT_FOUND }, args: (c) => [c.v.ticket.id] }],
    denied: actionDenied((c) => [c.a.ticket.id], AGENTS_ONLY),
  },
  'components/ai/actions.ts#approveDraftAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      {
        as: 'agent',
        what: 'victim’s draft',
        expect: { refused: NOT_FOUND },
        args: (c) => [EMPTY_STATE, form({ draftId: c.v.draft.id, body: 'sent by Acme' })],
      },
    ],
    denied: actionDenied((c) => [EMPTY_STATE, form({ draftId: c.v.draft.id, body: 'x' })], AGENTS_ONLY),
  },
  'components/ai/actions.ts#discardDraftAction': {
    kind: 'action',
    access: 'session',
    foreign: [
      { as: 'agent', what: 'victim’s draft', expect: { refused: NOT_FOUND }, args: (c) => [EMPTY_STATE, form({ draftId: c.v.draft.id })] },
    ],
    denied: actionDenied((c) => [EMPTY_STATE, form({ draftId: c.v.draft.id })], AGENTS_ONLY),
  },
};

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

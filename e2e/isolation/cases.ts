import type { AcmeWorld } from './acme';
import type { VictimWorld } from './victim';

/**
 * What an isolation case is, and the builders the tables in routes.ts, pages.ts and actions*.ts are written with.
 *
 * Each case has
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

export type Path = (c: Ctx) => string;
export type Args = (c: Ctx) => unknown[];
/** The rows both tenants have, so that one function names the victim's row for `foreign` and Acme's for `denied`. */
export type Side = VictimWorld | AcmeWorld;

export const form = (fields: Record<string, string | string[]>): FormData => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) f.append(k, one);
  return f;
};
export const NOT_FOUND = /not found/i;
export const EMPTY_STATE = { ok: false };
/** A form action's arguments as useActionState passes them: the previous state, then the form. */
export const withState = (fields: Record<string, string | string[]>): unknown[] => [EMPTY_STATE, form(fields)];

export const ADMIN_ONLY: Who[] = ['agent', 'billing'];
export const AGENTS_ONLY: Who[] = ['billing'];
export const NOT_BILLING: Who[] = ['agent'];
/** Every demo role: for what only a platform admin may do. */
export const MEMBERS: Who[] = ['owner', 'admin', 'agent', 'billing'];

// --- the denied lists -------------------------------------------------------------------------------------------

export const apiDenied = (path: Path, roles: Who[], extra: Partial<Probe> = {}): Probe[] => [
  ...roles.map((as) => ({ as, what: `${as} lacks the role`, expect: { status: 403 }, path, ...extra })),
  { as: 'anon' as const, what: 'signed out', expect: { status: 401 }, path, ...extra },
];

export const v1Denied = (path: Path, missingScopeKey: Who, extra: Partial<Probe> = {}): Probe[] => [
  { as: 'noKey', what: 'no API key', expect: { status: 401 }, path, ...extra },
  { as: missingScopeKey, what: 'key without the scope', expect: { status: 403 }, path, ...extra },
  // A signed-in session is not an API credential.
  { as: 'owner', what: 'session cookie instead of a key', expect: { status: 401 }, path, ...extra },
];

export const pageDenied = (path: Path, roles: Who[]): Probe[] => [
  ...roles.map((as) => ({ as, what: `${as} lacks the role`, expect: { status: 404 }, path })),
  { as: 'anon' as const, what: 'signed out', expect: { signIn: true as const }, path },
];

export const actionDenied = (args: Args, roles: Who[]): Probe[] => [
  ...roles.map((as) => ({ as, what: `${as} lacks the role`, expect: { status: 404 }, args })),
  { as: 'anon' as const, what: 'signed out', expect: { signIn: true as const }, args },
];

/** What a signed-out visitor gets from something of the signed-in user's own: sent to sign in. */
export const signedOut = (call: Pick<Probe, 'path' | 'args'>): Probe[] => [
  { as: 'anon', what: 'signed out', expect: { signIn: true }, ...call },
];

// --- the case builders ------------------------------------------------------------------------------------------

const entry =
  (kind: Case['kind']) =>
  (access: Case['access'], foreign: Probe[], denied: Probe[], note?: string): Case => ({
    kind,
    access,
    foreign,
    denied,
    ...(note ? { note } : {}),
  });
export const route = entry('route');
export const page = entry('page');
export const action = entry('action');

/** A probe that answers with `status`. */
export const answers = (as: Who, what: string, status: number, call: Omit<Partial<Probe>, 'as' | 'what' | 'expect'>): Probe => ({
  as,
  what,
  expect: { status },
  ...call,
});

/** A probe of an action that must answer with its refusal state. */
export const refused = (as: Who, what: string, pattern: RegExp, call: Omit<Partial<Probe>, 'as' | 'what' | 'expect'>): Probe => ({
  as,
  what,
  expect: { refused: pattern },
  ...call,
});

/**
 * A session route on one row: Acme's `as` gets the handler's 404 for the victim's row, and the roles without the
 * right are refused on Acme's (`at` names the row of either side; `extra` adds the method's body).
 */
export const rowRoute = (as: Who, what: string, at: (c: Ctx, t: Side) => string, roles: Who[], extra: Partial<Probe> = {}): Case =>
  route(
    'session',
    [answers(as, what, 404, { path: (c) => at(c, c.v), ...extra })],
    apiDenied((c) => at(c, c.a), roles, extra),
  );

/** A session page on one row: the victim's is not found for Acme's `as`; the roles without the right are refused on Acme's. */
export const rowPage = (as: Who, what: string, at: (c: Ctx, t: Side) => string, roles: Who[], note?: string): Case =>
  page(
    'session',
    [answers(as, what, 404, { path: (c) => at(c, c.v) })],
    pageDenied((c) => at(c, c.a), roles),
    note,
  );

/**
 * An action on one row: called by Acme's `as` with the victim's, it answers not found; the roles without the right are
 * refused (`args` of the victim's side, or of Acme's where `denied` says so).
 */
export const rowAction = (
  as: Who,
  what: string,
  args: (c: Ctx, t: Side) => unknown[],
  roles: Who[],
  denied: 'victim' | 'acme' = 'victim',
  note?: string,
): Case =>
  action(
    'session',
    [refused(as, what, NOT_FOUND, { args: (c) => args(c, c.v) })],
    actionDenied((c) => args(c, denied === 'victim' ? c.v : c.a), roles),
    note,
  );

/**
 * An action of the session tenant that takes no id to swap: Acme's `as` sends input it must refuse (`pattern`), often
 * with the victim's tenantId in it, so nothing is written; the roles without the right are refused with valid input.
 */
export const invalidInput = (as: Who, what: string, pattern: RegExp, args: Args, validArgs: Args, roles: Who[], note: string): Case =>
  action('session', [refused(as, what, pattern, { args })], actionDenied(validArgs, roles), note);

/** An action on the signed-in user's own account (no tenant id to swap): only a visitor is refused. */
export const selfAction = (foreign: Probe[], args: Args, note: string): Case => action('session', foreign, signedOut({ args }), note);

/** A page of the session tenant with no id to swap: Acme's `as` reads it, and the roles without the right are refused. */
export const ownPage = (path: string, as: Who, what: string, roles: Who[], note = 'session tenant only'): Case =>
  page(
    'session',
    [answers(as, what, 200, { path: () => path })],
    pageDenied(() => path, roles),
    note,
  );

/** A public page: what a visitor gets. */
export const publicPage = (path: string, what: string, status = 200, note?: string): Case =>
  page('public', [answers('anon', what, status, { path: () => path })], [], note);

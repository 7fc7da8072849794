import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import { Redis } from 'ioredis';
import { closeQueues, getQueue } from '@helpdesk/jobs';
import { CASES, type Case, type Ctx, type Probe, type Who } from './isolation-cases';
import { appPages, manifestActions, routeHandlers, serverActions, unbuilt, urlPathOf } from './helpers/app-surface';
import { signIn } from './helpers/auth';
import { BASE_URL, DEMO, SERVER_ENV } from './helpers/env';
import { fillPath, HttpProbe, type ActionAnswer, type HttpAnswer, type Principal } from './helpers/http-probe';
import { acmeApiKey, loadAcme } from './isolation/acme';
import { victimFingerprint } from './isolation/fingerprint';
import { ensureVictim, victimSecrets } from './isolation/victim';

/**
 * Route-level tenant isolation, built from the app's own list of route handlers, pages and server actions
 * (see e2e/isolation-cases.ts for the table and what each entry checks).
 */

const DATABASE_URL = SERVER_ENV.DATABASE_URL as string;
const routes = routeHandlers();
const pages = appPages();
const actions = serverActions();

interface State {
  tag: string;
  fingerprint: Record<string, string>;
  cookies: Partial<Record<Who, string>>;
  keys: Partial<Record<Who, string>>;
  requests: number;
}

interface World {
  ctx: Ctx;
  state: State;
  statePath: string;
  principals: Record<Who, Principal>;
  probe: HttpProbe;
  actionIds: Map<string, { id: string; workers: string[] }>;
  secrets: string[];
}

let world: World | undefined;

test('every route handler, page and server action has an isolation case', () => {
  const manifest = manifestActions();
  const kinds: [string, Case['kind']][] = [
    ...routes.map((r) => [r.key, 'route'] as [string, Case['kind']]),
    ...pages.map((p) => [p.key, 'page'] as [string, Case['kind']]),
    ...actions.map((a) => [a.key, 'action'] as [string, Case['kind']]),
    ...manifest.map((m) => [m.key, 'action'] as [string, Case['kind']]),
  ];
  const missing = [...new Set(kinds.filter(([key]) => !CASES[key]).map(([key, kind]) => `${kind} ${key}`))];
  expect(
    missing,
    `these have no entry in e2e/isolation-cases.ts; add one saying who may call it and what it must not show:\n  ${missing.join('\n  ')}\n`,
  ).toEqual([]);
  const known = new Set(kinds.map(([key]) => key));
  const stale = Object.keys(CASES).filter((key) => !known.has(key));
  expect(
    stale,
    `e2e/isolation-cases.ts has entries for routes, pages or actions the app no longer has:\n  ${stale.join('\n  ')}\n`,
  ).toEqual([]);
  const wrongKind = kinds.filter(([key, kind]) => CASES[key] && CASES[key].kind !== kind).map(([key, kind]) => `${key} is a ${kind}`);
  expect(wrongKind).toEqual([]);
  // A server action the build did not register cannot be called, so its case would test nothing.
  const registered = new Set(manifest.map((m) => m.key));
  const unregistered = actions.filter((a) => !registered.has(a.key)).map((a) => a.key);
  expect(unregistered, 'server actions missing from the build’s server-reference-manifest.json (rebuild the web app)').toEqual([]);
  // Likewise a route or page the build lacks would answer every probe with the framework's 404.
  expect(unbuilt(), 'routes and pages missing from the build’s app-paths-manifest.json (rebuild the web app)').toEqual([]);
  const withoutProbes = Object.entries(CASES)
    .filter(([, c]) => c.foreign.length + c.denied.length === 0)
    .map(([k]) => k);
  expect(withoutProbes, 'every case makes at least one call').toEqual([]);
});

test.describe('tenant isolation', () => {
  // Not serial: each test runs even when an earlier one failed (a restarted worker reuses the saved world).
  test.describe.configure({ timeout: 600_000 });

  test.beforeAll(async ({ browser }, testInfo) => {
    world = await prepareWorld(browser, path.join(testInfo.project.outputDir, 'isolation-state.json'));
  });

  test.afterAll(async () => {
    if (!world) return;
    saveState(world);
    const probes = Object.values(CASES).reduce((n, c) => n + c.foreign.length + c.denied.length, 0);
    console.log(
      `isolation: ${routes.length} route handlers, ${pages.length} pages, ${actions.length} server actions; ` +
        `${Object.keys(CASES).length} cases, ${probes} probes; ${world.state.requests} requests made`,
    );
  });

  test('another tenant’s ids answer not found, and no answer carries its data', async () => {
    const failures = await runProbes(requireWorld(), 'foreign');
    expect(failures, failures.join('\n')).toEqual([]);
  });

  test('each role, key scope and signed-out visitor is refused what it must not do', async () => {
    const failures = await runProbes(requireWorld(), 'denied');
    expect(failures, failures.join('\n')).toEqual([]);
  });

  test('nothing of the victim tenant changed while it was probed', async () => {
    const w = requireWorld();
    expect(await victimFingerprint(DATABASE_URL, w.ctx.v.tenantId)).toEqual(w.state.fingerprint);
    const redis = new Redis(SERVER_ENV.REDIS_URL as string, { maxRetriesPerRequest: 1 });
    try {
      const job = await getQueue(w.ctx.v.job.queue, redis).getJob(w.ctx.v.job.id);
      expect(await job?.getState()).toBe('delayed');
    } finally {
      await closeQueues();
      redis.disconnect();
    }
  });
});

function requireWorld(): World {
  if (!world) throw new Error('the isolation world was not prepared');
  return world;
}

async function runProbes(w: World, list: 'foreign' | 'denied'): Promise<string[]> {
  const failures: string[] = [];
  for (const [key, c] of Object.entries(CASES)) {
    for (const probe of c[list]) {
      const label = `${key} [${probe.as}: ${probe.what}]`;
      try {
        const problem = await runProbe(w, key, c, probe);
        if (problem) failures.push(`${label}: ${problem}`);
      } catch (error) {
        failures.push(`${label}: threw ${(error as Error).message}`);
      }
    }
  }
  w.state.requests = w.probe.requests;
  saveState(w);
  return failures;
}

async function runProbe(w: World, key: string, c: Case, probe: Probe): Promise<string | null> {
  const who = w.principals[probe.as];
  const ctx = w.ctx;
  let answer: HttpAnswer | ActionAnswer;
  let sent: string;
  if (c.kind === 'action') {
    const action = w.actionIds.get(key);
    if (!action) return 'not in the build’s server-reference-manifest.json';
    const args = probe.args?.(ctx) ?? [];
    const page = probe.page?.(ctx) ?? actionPage(action.workers, ctx);
    answer = await w.probe.action(who, action.id, page, args);
    sent = page + JSON.stringify(args, (_k, v: unknown) => (v instanceof FormData ? Object.fromEntries(v) : v));
  } else {
    const method = c.kind === 'page' ? 'GET' : key.split(' ')[0]!;
    const urlPath = probe.path?.(ctx) ?? key;
    const json = probe.json?.(ctx);
    const body = probe.body?.(ctx);
    answer = await w.probe.send(who, { method, path: urlPath, json, body, headers: probe.headers?.(ctx) });
    // Pages echo what was asked (a search term), decoded.
    sent = urlPath + safeDecode(urlPath) + (json === undefined ? '' : JSON.stringify(json)) + (body ?? '');
  }
  const allowed = new Set(probe.allow?.(ctx) ?? []);
  const leaked = w.secrets.filter((s) => !allowed.has(s) && !sent.includes(s) && answer.text.includes(s));
  if (probe.as === 'anon' || probe.as === 'noKey') {
    for (const s of [SERVER_ENV.NEXTAUTH_SECRET as string, SERVER_ENV.DATABASE_URL as string, ctx.a.inboundSecret])
      if (answer.text.includes(s)) leaked.push('(a server or Acme secret)');
  }
  const problem = verdict(c, probe, answer);
  const leak = leaked.length ? `answer shows the victim’s ${leaked.map((s) => JSON.stringify(s)).join(', ')}` : null;
  return [problem, leak].filter(Boolean).join('; ') || null;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function describe(answer: HttpAnswer | ActionAnswer): string {
  const result = 'result' in answer && answer.result !== undefined ? ` result ${JSON.stringify(answer.result).slice(0, 200)}` : '';
  const redirect = 'actionRedirect' in answer && answer.actionRedirect ? ` action redirect ${answer.actionRedirect}` : '';
  const location = answer.location ? ` → ${answer.location}` : '';
  return `got ${answer.status}${location}${redirect}${result}${result ? '' : ` ${answer.text.slice(0, 160).replace(/\s+/g, ' ')}`}`;
}

function verdict(c: Case, probe: Probe, answer: HttpAnswer | ActionAnswer): string | null {
  const e = probe.expect;
  const isAction = 'actionRedirect' in answer;
  if ('status' in e) {
    if (answer.status !== e.status) return `expected ${e.status}, ${describe(answer)}`;
    // The handler's own not-found, not the framework's page for a path that has no route.
    if (c.kind === 'route' && e.status === 404 && !/"code":"not_found"/.test(answer.text))
      return `expected the route's { error: { code: "not_found" } }, ${describe(answer)}`;
    if (isAction && e.status === 200 && (answer.result as { ok?: unknown } | undefined)?.ok !== true)
      return `expected the action to succeed, ${describe(answer)}`;
    return null;
  }
  if ('signIn' in e) {
    const toSignIn = (url: string | null) => !!url && new URL(url, BASE_URL).pathname === '/signin';
    const redirected = answer.status >= 300 && answer.status < 400 && toSignIn(answer.location);
    if (redirected || (isAction && toSignIn(answer.actionRedirect))) return null;
    return `expected a redirect to /signin, ${describe(answer)}`;
  }
  if (!isAction) return `a refusal state only applies to actions (${c.kind})`;
  const state = answer.result as { ok?: unknown; message?: unknown; errors?: unknown } | undefined;
  if (answer.status !== 200 || !state || state.ok !== false) return `expected { ok: false } matching ${e.refused}, ${describe(answer)}`;
  const text = JSON.stringify({ message: state.message, errors: state.errors });
  return e.refused.test(text) ? null : `expected the refusal to match ${e.refused}, ${describe(answer)}`;
}

/** A page bundling the action: a static one when there is one, else the first, its params filled from Acme's rows. */
function actionPage(workers: string[], ctx: Ctx): string {
  const paths = workers.map(urlPathOf);
  const chosen = paths.find((p) => !p.includes('[')) ?? paths[0];
  if (!chosen) throw new Error('the action is bundled with no page');
  return fillPath(chosen, {
    number: String(ctx.a.ticket.number),
    id: ctx.a.customer.id,
    token: 'isolation-probe',
    slug: 'acme',
    month: ctx.a.month,
  });
}

function saveState(w: World): void {
  mkdirSync(path.dirname(w.statePath), { recursive: true });
  writeFileSync(w.statePath, JSON.stringify(w.state, null, 2));
}

const LOGINS: Partial<Record<Who, string>> = { owner: DEMO.owner, admin: DEMO.admin, agent: DEMO.agent, billing: DEMO.billing };

/**
 * The victim tenant, Acme's rows, a signed-in session per role and API keys per scope set. Kept in a state file
 * for the run, so that a test worker restarted after a failure reuses the sessions (sign-in is rate limited) and
 * compares the victim against the fingerprint taken before the first probe.
 */
async function prepareWorld(browser: Browser, statePath: string): Promise<World> {
  const v = await ensureVictim(DATABASE_URL);
  const a = await loadAcme(DATABASE_URL);
  const probe = new HttpProbe(BASE_URL);
  const saved = existsSync(statePath) ? (JSON.parse(readFileSync(statePath, 'utf8')) as State) : null;
  const state: State =
    saved?.tag === v.tag
      ? saved
      : { tag: v.tag, fingerprint: await victimFingerprint(DATABASE_URL, v.tenantId), cookies: {}, keys: {}, requests: 0 };
  probe.requests = state.requests;

  for (const [who, email] of Object.entries(LOGINS) as [Who, string][]) {
    const cookie = state.cookies[who];
    if (cookie && (await stillSignedIn(probe, cookie))) continue;
    const context = await browser.newContext({ baseURL: BASE_URL });
    const page = await context.newPage();
    await signIn(page, email, DEMO.password);
    state.cookies[who] = (await context.cookies(BASE_URL)).map((c) => `${c.name}=${c.value}`).join('; ');
    await context.close();
  }
  const scopes: Partial<Record<Who, string[]>> = {
    key: ['tickets:read', 'tickets:write', 'customers:read', 'customers:write'],
    keyTicketsRead: ['tickets:read'],
    keyCustomersRead: ['customers:read'],
  };
  for (const [who, s] of Object.entries(scopes) as [Who, string[]][]) {
    state.keys[who] ??= await acmeApiKey(DATABASE_URL, a.tenantId, s, `isolation ${who} ${v.tag}`);
  }

  const redis = new Redis(SERVER_ENV.REDIS_URL as string, { maxRetriesPerRequest: 1 });
  try {
    const queue = getQueue(v.job.queue, redis);
    // Delayed a day, so no worker runs it: the retry action must refuse it for being another tenant's, not for its state.
    if (!(await queue.getJob(v.job.id))) {
      await queue.add(
        'summary',
        { tenantId: v.tenantId, ticketId: v.ticket.id, contentVersion: 1 },
        { jobId: v.job.id, delay: 86_400_000 },
      );
    }
  } finally {
    await closeQueues();
    redis.disconnect();
  }

  const principals: Record<Who, Principal> = {
    owner: { name: 'owner', cookie: state.cookies.owner },
    admin: { name: 'admin', cookie: state.cookies.admin },
    agent: { name: 'agent', cookie: state.cookies.agent },
    billing: { name: 'billing', cookie: state.cookies.billing },
    anon: { name: 'anon' },
    key: { name: 'key', authorization: `Bearer ${state.keys.key}` },
    keyTicketsRead: { name: 'keyTicketsRead', authorization: `Bearer ${state.keys.keyTicketsRead}` },
    keyCustomersRead: { name: 'keyCustomersRead', authorization: `Bearer ${state.keys.keyCustomersRead}` },
    noKey: { name: 'noKey' },
  };
  const actionIds = new Map(manifestActions().map((m) => [m.key, { id: m.id, workers: m.workers }]));
  const w: World = { ctx: { v, a }, state, statePath, principals, probe, actionIds, secrets: victimSecrets(v) };
  saveState(w);
  return w;
}

async function stillSignedIn(probe: HttpProbe, cookie: string): Promise<boolean> {
  const answer = await probe.send({ name: 'check', cookie }, { method: 'GET', path: '/api/auth/session' });
  return answer.status === 200 && answer.text.includes('"user"');
}

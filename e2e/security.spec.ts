import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createRedis } from '@helpdesk/jobs';
import { signIn } from './helpers/auth';
import { sql } from './helpers/db';
import { acmeTicket } from './helpers/tickets';
import { BASE_URL, DEMO, PORTS, ROOT, SERVER_ENV } from './helpers/env';

const run = Date.now().toString(36);
const ATTACKER = 'http://127.0.0.1:4444';

async function acme(): Promise<{ id: string; inboundAlias: string }> {
  const [tenant] = await sql<{ id: string; inboundAlias: string }>(`SELECT id, "inboundAlias" FROM "Tenant" WHERE slug = 'acme'`);
  if (!tenant) throw new Error('the seeded acme tenant is missing');
  return tenant;
}

/** The id Next.js gave a server action in this build, so a forged call is the real action and not a 404. */
function actionId(exportedName: string): string {
  const manifest = JSON.parse(
    readFileSync(path.join(ROOT, 'apps/web', process.env.NEXT_DIST_DIR || '.next', 'server/server-reference-manifest.json'), 'utf8'),
  ) as {
    node: Record<string, { exportedName?: string; workers: Record<string, { exportedName?: string }> }>;
  };
  const found = Object.entries(manifest.node).find(
    ([, e]) => (e.exportedName ?? Object.values(e.workers)[0]?.exportedName) === exportedName,
  );
  if (!found) throw new Error(`server action ${exportedName} is not in the build`);
  return found[0];
}

test.describe('headers', () => {
  test('every page carries a nonce CSP, frame and sniffing protection and a referrer policy, and works under them', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to (load|execute|apply)/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto('/signin');
    const headers = res!.headers();
    const csp = headers['content-security-policy'] ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce, csp).toBeTruthy();
    expect(csp).toContain("script-src 'self' 'nonce-");
    expect(csp).toContain("'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('same-origin');
    // Next.js put the nonce on its own scripts; a second request gets another one.
    expect(await res!.text()).toContain(`nonce="${nonce}"`);
    const again = await page.request.get('/signin');
    expect(again.headers()['content-security-policy']).not.toContain(nonce);

    // The app still hydrates and works with scripts limited to the nonce: sign in and reach the inbox.
    await signIn(page, DEMO.agent, DEMO.password);
    await page.goto('/inbox');
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    expect(violations).toEqual([]);
  });
});

test.describe('cross-origin requests', () => {
  test('a text/plain form posted from another origin cannot create an article (403), and nothing is stored', async ({ page }) => {
    await signIn(page, DEMO.agent, DEMO.password);
    const title = `CSRF probe ${run}`;
    // The attacker's page: same site (127.0.0.1), another port, so the session cookie goes along with the POST.
    await page.route(`${ATTACKER}/**`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><html><body>
          <form id="f" method="POST" action="${BASE_URL}/api/ai/articles" enctype="text/plain">
            <input name='{"title":"${title}","bodyMarkdown":"x","pad":"' value='"}'>
          </form><script>document.getElementById('f').submit()</script></body></html>`,
      }),
    );
    const answered = page.waitForResponse((r) => r.url() === `${BASE_URL}/api/ai/articles` && r.request().method() === 'POST');
    await page.goto(`${ATTACKER}/attack`);
    const res = await answered;
    expect(res.status()).toBe(403);
    expect(await sql(`SELECT 1 FROM "KnowledgeArticle" WHERE title = $1`, [title])).toHaveLength(0);

    // The same request without a browser's origin headers is refused too when it names a foreign Origin.
    const forged = await page.request.post('/api/admin/members', {
      headers: { origin: 'https://evil.test', 'content-type': 'text/plain' },
      data: JSON.stringify({ email: `csrf-${run}@evil.test`, role: 'ADMIN' }),
    });
    expect(forged.status()).toBe(403);
    expect(await sql(`SELECT 1 FROM "Invitation" WHERE email = $1`, [`csrf-${run}@evil.test`])).toHaveLength(0);
    // And our own pages keep working: the same-origin path creates an article.
    const own = await page.request.post('/api/ai/articles', {
      headers: { origin: BASE_URL },
      data: { title: `Own ${run}`, bodyMarkdown: 'fine' },
    });
    expect(own.status()).toBe(201);
  });

  test('a server action replayed from a foreign origin is refused with 403, not 500, and does nothing', async ({ page }) => {
    await signIn(page, DEMO.admin, DEMO.password);
    await page.goto('/admin/api-keys');
    // The admin creates a key through the page: the browser's own server-action call, from our origin, works.
    const name = `csrf-key-${run}`;
    const sent = page.waitForRequest(
      (r) => r.method() === 'POST' && r.url().endsWith('/admin/api-keys') && Boolean(r.headers()['next-action']),
    );
    await page.getByLabel('Name').fill(name);
    await page.getByRole('checkbox', { name: 'tickets:read' }).check();
    await page.getByRole('form', { name: 'Create an API key' }).getByRole('button', { name: 'Create key' }).click();
    await expect(page.getByTestId('api-key-secret')).toBeVisible();
    const call = await sent;
    expect(await sql(`SELECT 1 FROM "ApiKey" WHERE name = $1`, [name])).toHaveLength(1);

    // The identical call (same action, same body, same cookies) sent by another origin's page.
    const replay = await page.request.post('/admin/api-keys', {
      headers: {
        'next-action': call.headers()['next-action']!,
        'content-type': call.headers()['content-type']!,
        accept: 'text/x-component',
        origin: 'https://evil.test',
        'sec-fetch-site': 'cross-site',
      },
      data: call.postDataBuffer()!,
    });
    expect(replay.status()).toBe(403);
    expect(await sql(`SELECT 1 FROM "ApiKey" WHERE name = $1`, [name])).toHaveLength(1);
    expect(actionId('createApiKeyAction')).toBe(call.headers()['next-action']);
  });
});

test.describe('information disclosure', () => {
  test('the public health check and the AI status name no host, pid or model path', async ({ page, request }) => {
    const health = await request.get('/api/health');
    expect(health.status()).toBe(200);
    const text = await health.text();
    const body = JSON.parse(text) as { model: Record<string, unknown>; workers: { alive: number; list: Record<string, unknown>[] } };
    // The e2e run starts real workers, whose heartbeats carry all of these.
    expect(body.workers.alive).toBeGreaterThan(0);
    for (const secret of [hostname(), '.gguf', 'models/', '"pid"', '"host"', '"path"']) expect(text, secret).not.toContain(secret);
    expect(Object.keys(body.model).sort()).toEqual(expect.arrayContaining(['status']));

    await signIn(page, DEMO.agent, DEMO.password);
    const status = await page.request.get('/api/ai/status');
    expect(status.status()).toBe(200);
    const statusText = await status.text();
    for (const secret of [hostname(), '"pid"', '"host"', '"path"', 'models/']) expect(statusText, secret).not.toContain(secret);
    expect(JSON.parse(statusText).workers.alive).toBeGreaterThan(0);
  });
});

/** How a TCP connection to host:port ends: 'open', or the error code (ECONNREFUSED when nothing listens there). */
function tcpProbe(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 5_000 });
    socket.once('connect', () => (socket.destroy(), resolve('open')));
    socket.once('timeout', () => (socket.destroy(), resolve('ETIMEDOUT')));
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

test.describe('listening addresses', () => {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

  test("the web app (started by its npm script) and each worker's /metrics answer on loopback and refuse the network", async () => {
    test.skip(!external, 'this machine has no network address besides loopback to probe');
    const ports = {
      web: PORTS.web,
      'AI worker metrics': Number(SERVER_ENV.AI_WORKER_METRICS_PORT),
      'ops worker metrics': Number(SERVER_ENV.OPS_WORKER_METRICS_PORT),
    };
    for (const [what, port] of Object.entries(ports)) {
      expect(await tcpProbe('127.0.0.1', port), `${what} on 127.0.0.1:${port}`).toBe('open');
      expect(await tcpProbe(external!, port), `${what} on ${external}:${port}`).toBe('ECONNREFUSED');
    }
  });
});

test.describe('budget alert webhook', () => {
  test('an admin cannot point the webhook at cloud metadata, and sees what happened to each alert', async ({ page }) => {
    const tenant = await acme();
    await sql(`DELETE FROM "BudgetAlert" WHERE "tenantId" = $1 AND threshold = 80`, [tenant.id]);
    const [budget] = await sql<{ id: string }>(
      `INSERT INTO "Budget" (id, "tenantId", period, "limitMicros", "updatedAt") VALUES ($1, $2, to_char(now(), 'YYYY-MM'), 1000000, now())
       ON CONFLICT ("tenantId", period) DO UPDATE SET "updatedAt" = now() RETURNING id`,
      [randomUUID(), tenant.id],
    );
    const status = `refused: 169.254.169.254 is a linkLocal address; webhooks only go to public addresses ${run}`;
    await sql(`INSERT INTO "BudgetAlert" (id, "tenantId", "budgetId", threshold, "webhookStatus") VALUES ($1, $2, $3, 80, $4)`, [
      randomUUID(),
      tenant.id,
      budget!.id,
      status,
    ]);

    await signIn(page, DEMO.admin, DEMO.password);
    await page.goto('/admin/escalation');
    await expect(page.getByTestId('alert-deliveries')).toContainText(status);

    await page.getByLabel('Alert webhook URL').fill('http://169.254.169.254/latest/meta-data/iam/');
    await page.getByRole('button', { name: 'Save policy' }).click();
    await expect(page.getByText('a linkLocal address', { exact: false }).first()).toBeVisible();
    const [row] = await sql<{ alertWebhookUrl: string | null }>(`SELECT "alertWebhookUrl" FROM "Tenant" WHERE id = $1`, [tenant.id]);
    expect(row?.alertWebhookUrl ?? '').not.toContain('169.254');
  });
});

test.describe('remote images', () => {
  test('a tracking pixel in a customer mail loads only when the agent asks', async ({ page }) => {
    const t = await acmeTicket({
      subject: `Newsletter ${run}`,
      customer: { email: `pixel-${run}@example.test`, name: 'Pixel Sender' },
      body: 'Hello there',
      bodyHtml: `<p>Hello there</p><img src="https://pixel.example.test/open.gif?id=${run}" width="1" height="1">`,
    });
    const fetched: string[] = [];
    await page.route('https://pixel.example.test/**', (route) => {
      fetched.push(route.request().url());
      return route.fulfill({ contentType: 'image/gif', body: Buffer.from('R0lGODlhAQABAAAAACw=', 'base64') });
    });

    await signIn(page, DEMO.agent, DEMO.password);
    await page.goto(`/tickets/${t.number}`);
    await expect(page.getByText('Hello there').first()).toBeVisible();
    await expect(page.getByText('1 remote image not loaded', { exact: false })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(fetched).toEqual([]);

    await page.getByRole('button', { name: 'Load remote images' }).click();
    await expect.poll(() => fetched.length).toBe(1);
    expect(fetched[0]).toContain(`open.gif?id=${run}`);
  });
});

/**
 * Rate limits, on a web server of their own started with low limits (the shared one runs with limits high enough
 * for the whole suite). Same database and Redis; counters for these keys are cleared before and after.
 */
test.describe('rate limits', () => {
  const PORT = 3101;
  const LIMITED_URL = `http://127.0.0.1:${PORT}`;
  let server: ChildProcess | undefined;
  const redis = createRedis(SERVER_ENV.REDIS_URL as string);
  const clear = async () => {
    const keys = [
      ...(await redis.keys('rl:contactFormIp:*')),
      ...(await redis.keys('rl:inboundAlias:*')),
      ...(await redis.keys('rl:apiKey:*')),
    ];
    if (keys.length) await redis.del(...keys);
  };

  test.describe.configure({ mode: 'serial', timeout: 180_000 });

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    await clear();
    server = spawn('npx', ['next', 'start', '-p', String(PORT), '-H', '127.0.0.1'], {
      cwd: path.join(ROOT, 'apps/web'),
      env: { ...process.env, ...SERVER_ENV, NEXTAUTH_URL: LIMITED_URL, RATE_LIMITS: 'contactFormIp=3/600,inboundAlias=3/600,apiKey=3/600' },
      stdio: 'ignore',
      detached: true,
    });
    const deadline = Date.now() + 150_000;
    for (;;) {
      const up = await fetch(`${LIMITED_URL}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline) throw new Error('the rate-limited web server did not start');
      await new Promise((r) => setTimeout(r, 500));
    }
  });

  test.afterAll(async () => {
    if (server?.pid) process.kill(-server.pid, 'SIGTERM');
    await clear();
    redis.disconnect();
  });

  async function submitContact(page: Page, i: number) {
    await page.goto(`${LIMITED_URL}/contact/acme`);
    await page.getByLabel('Your name').fill('Flood Bot');
    await page.getByLabel('Email').fill(`flood-${run}@example.test`);
    await page.getByLabel('Subject').fill(`Flood ${run} ${i}`);
    await page.getByLabel('How can we help?').fill('This is message number ' + i + ' of many.');
    const answered = page.waitForResponse((r) => r.url().startsWith(`${LIMITED_URL}/contact/acme`) && r.request().method() === 'POST');
    await page.getByRole('button', { name: 'Send message' }).click();
    return answered;
  }

  test('the contact form takes 3 messages from one address, then answers 429 with Retry-After and says so', async ({ page }) => {
    for (let i = 1; i <= 3; i++) {
      expect((await submitContact(page, i)).status()).toBe(200);
      await expect(page.getByRole('status')).toContainText('Your request number is #');
    }
    const refused = await submitContact(page, 4);
    expect(refused.status()).toBe(429);
    const retryAfter = Number(refused.headers()['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    await expect(page.getByRole('alert').filter({ hasText: 'Too many' })).toContainText(
      'Too many messages from your network; please try again in 10 minutes.',
    );
    const tickets = await sql(`SELECT 1 FROM "Ticket" WHERE subject LIKE $1`, [`Flood ${run} %`]);
    expect(tickets).toHaveLength(3);
  });

  test('the inbound webhook per alias and the REST API per key answer 429 with Retry-After past their limit', async ({ request }) => {
    const tenant = await acme();
    const inbound = [];
    for (let i = 0; i < 4; i++) {
      inbound.push(
        await request.post(`${LIMITED_URL}/api/inbound/${tenant.inboundAlias}`, {
          headers: { 'content-type': 'message/rfc822' },
          data: 'Subject: x\r\n\r\nunsigned',
        }),
      );
    }
    // Unsigned, so refused by the webhook itself, but counted first: a flood costs no parsing.
    expect(inbound.slice(0, 3).map((r) => r.status())).toEqual([401, 401, 401]);
    expect(inbound[3]!.status()).toBe(429);
    expect(Number(inbound[3]!.headers()['retry-after'])).toBeGreaterThan(0);

    const prefix = randomBytes(6).toString('hex');
    const key = `hd_${prefix}_${randomBytes(24).toString('base64url')}`;
    await sql(`INSERT INTO "ApiKey" (id, "tenantId", name, prefix, "keyHash", scopes) VALUES ($1, $2, $3, $4, $5, $6)`, [
      `key_${prefix}`,
      tenant.id,
      `e2e limit ${run}`,
      prefix,
      createHash('sha256').update(key).digest('hex'),
      ['tickets:read'],
    ]);
    const statuses = [];
    let last;
    for (let i = 0; i < 4; i++) {
      last = await request.get(`${LIMITED_URL}/api/v1/tickets?limit=1`, { headers: { authorization: `Bearer ${key}` } });
      statuses.push(last.status());
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(last!.headers()['retry-after'])).toBeGreaterThan(0);
    expect((await last!.json()).error.code).toBe('rate_limited');
  });
});

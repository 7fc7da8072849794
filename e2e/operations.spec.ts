import { expect, test, type Page } from '@playwright/test';
import { signIn } from './helpers/auth';
import { sql } from './helpers/db';
import { BASE_URL, DEMO, SERVER_ENV } from './helpers/env';

const run = Date.now().toString(36);
const OPERATOR = `operator-${run}@platform.test`;
const QUEUES = ['ai-triage', 'ai-draft', 'ai-kb-embed', 'mail', 'maintenance', 'outbox'];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  // No demo user is a platform admin (the isolation suite relies on it): the operator is a user of its own, with the
  // demo password's hash, an agent of Acme so that signing in lands in a workspace.
  const [user] = await sql<{ id: string }>(
    `INSERT INTO "User" (id, email, name, "passwordHash", "platformAdmin", "updatedAt")
     SELECT $1, $2, 'Platform operator', "passwordHash", true, now() FROM "User" WHERE email = $3 RETURNING id`,
    [`op-${run}`, OPERATOR, DEMO.agent],
  );
  await sql(`INSERT INTO "Membership" (id, "tenantId", "userId", role) SELECT $1, id, $2, 'AGENT' FROM "Tenant" WHERE slug = 'acme'`, [
    `opm-${run}`,
    user!.id,
  ]);
});

test.afterAll(async () => {
  await sql(`DELETE FROM "User" WHERE email = $1`, [OPERATOR]);
});

async function registryQueues(page: Page): Promise<string[]> {
  const res = await page.request.get('/platform/queues/api/queues?activeQueue=&page=1&jobsPerPage=10');
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { queues: { name: string }[] };
  return body.queues.map((q) => q.name);
}

test('/metrics is refused without the token or a platform admin, and exposes the named series with it', async ({ request, browser }) => {
  expect((await request.get('/metrics')).status()).toBe(401);
  expect((await request.get('/metrics', { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status()).toBe(401);

  const tenantAdmin = await browser.newPage();
  await signIn(tenantAdmin, DEMO.owner, DEMO.password);
  expect((await tenantAdmin.request.get('/metrics')).status()).toBe(403);
  await tenantAdmin.close();

  const res = await request.get('/metrics', { headers: { authorization: `Bearer ${SERVER_ENV.METRICS_TOKEN}` } });
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/plain');
  const text = await res.text();
  for (const series of [
    'helpdesk_queue_jobs',
    'helpdesk_queue_oldest_wait_seconds',
    'helpdesk_cloud_circuit_state',
    'helpdesk_budget_used_ratio',
    'helpdesk_budget_spent_micros',
  ]) {
    expect(text, series).toContain(`# TYPE ${series} gauge`);
  }
  for (const state of ['waiting', 'active', 'delayed', 'failed'])
    expect(text).toMatch(new RegExp(`helpdesk_queue_jobs\\{[^}]*state="${state}"`));
  // No tenant's data beyond its slug and budget numbers: no ticket text, no e-mail addresses.
  expect(text).not.toMatch(/@acme\.test/);
});

test("each worker serves its own /metrics: job durations by kind after jobs ran, the model's tokens and sequences", async ({ request }) => {
  const ai = `http://127.0.0.1:${SERVER_ENV.AI_WORKER_METRICS_PORT}/metrics`;
  const ops = `http://127.0.0.1:${SERVER_ENV.OPS_WORKER_METRICS_PORT}/metrics`;
  // The seed's tickets are triaged by the AI worker after start-up; wait for a finished job rather than a fixed time.
  await expect
    .poll(
      async () =>
        (await (await request.get(ai)).text()).match(/helpdesk_job_duration_seconds_count\{[^}]*outcome="completed"[^}]*\} [1-9]/) !== null,
      { timeout: 120_000 },
    )
    .toBe(true);
  const text = await (await request.get(ai)).text();
  expect(text).toMatch(/helpdesk_llm_tokens_total\{[^}]*phase="output"[^}]*\} \d+/);
  expect(text).toMatch(/helpdesk_llm_sequences\{[^}]*state="total"[^}]*\} [1-9]/);
  expect(text).toContain('# TYPE helpdesk_cloud_errors_total counter');
  expect(text).toContain('# TYPE helpdesk_job_wait_seconds histogram');
  const opsText = await (await request.get(ops)).text();
  expect(opsText).toContain('# TYPE helpdesk_job_duration_seconds histogram');
  expect(opsText).toContain('process="ops-worker"');
});

test('the queue dashboard lists every queue for a platform admin, with its counts', async ({ page }) => {
  await signIn(page, OPERATOR, DEMO.password);
  const names = await registryQueues(page);
  for (const q of QUEUES) expect(names).toContain(q);
  await page.goto('/platform/queues');
  for (const q of QUEUES)
    await expect(page.getByRole('link', { name: new RegExp(`^${q}\\b`, 'i') }).first()).toBeVisible({ timeout: 30_000 });
  // The page runs under the app's CSP: bull-board's scripts carry the request's nonce.
  const csp = (await page.request.get('/platform/queues')).headers()['content-security-policy'] ?? '';
  const html = await (await page.request.get('/platform/queues')).text();
  expect(html).toMatch(/<script nonce="[^"]+" defer src=/);
  expect(csp).toContain("'strict-dynamic'");
  // Whole-queue destruction is not offered through the app.
  const obliterate = await page.request.put('/platform/queues/api/queues/triage/obliterate', { headers: { origin: BASE_URL } });
  expect(obliterate.status()).toBe(403);
});

test('the dashboard and its API are a 404 for a tenant admin and a signed-out visitor', async ({ page, request }) => {
  expect((await request.get('/platform/queues')).status()).toBe(404);
  expect((await request.get('/platform/queues/api/queues')).status()).toBe(404);
  await signIn(page, DEMO.owner, DEMO.password);
  expect((await page.request.get('/platform/queues')).status()).toBe(404);
  expect((await page.request.get('/platform/queues/api/queues')).status()).toBe(404);
});

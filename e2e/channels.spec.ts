import { createHash, createHmac, randomBytes } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { sql } from './helpers/db';
import { expectNoA11yViolations } from './helpers/a11y';

const run = Date.now().toString(36);

/** Inserts a key the way createApiKey stores it (prefix + sha256), so these API tests need no browser. */
async function apiKeyFor(tenantId: string, scopes: string[]): Promise<string> {
  const prefix = randomBytes(6).toString('hex');
  const key = `hd_${prefix}_${randomBytes(24).toString('base64url')}`;
  await sql(`INSERT INTO "ApiKey" (id, "tenantId", name, prefix, "keyHash", scopes) VALUES ($1, $2, $3, $4, $5, $6)`, [
    `key_${prefix}`,
    tenantId,
    `e2e ${run}`,
    prefix,
    createHash('sha256').update(key).digest('hex'),
    scopes,
  ]);
  return key;
}

async function acme(): Promise<{ id: string; inboundAlias: string; inboundSecret: string }> {
  const [tenant] = await sql<{ id: string; inboundAlias: string; inboundSecret: string }>(
    `SELECT id, "inboundAlias", "inboundSecret" FROM "Tenant" WHERE slug = 'acme'`,
  );
  if (!tenant) throw new Error('the seeded acme tenant is missing');
  return tenant;
}

async function otherTenant(): Promise<string> {
  const id = `tenant_${run}`;
  await sql(
    `INSERT INTO "Tenant" (id, name, slug, "inboundAlias", "inboundSecret", "updatedAt") VALUES ($1, 'Other Co', $2, $2, 'secret', now()) ON CONFLICT DO NOTHING`,
    [id, `other-${run}`],
  );
  return id;
}

const auth = (key: string) => ({ authorization: `Bearer ${key}` });

test('the public contact form names bad fields, then files a web-form ticket', async ({ page }) => {
  await page.goto('/contact/acme');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Contact Acme Support');
  await page.getByRole('button', { name: 'Send message' }).click();
  await expect(page.getByText('Enter your name')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await expectNoA11yViolations(page);

  await page.getByLabel('Your name').fill('Morgan Form');
  await page.getByLabel('Email').fill(`morgan-${run}@example.test`);
  await page.getByLabel('Subject').fill(`Form question ${run}`);
  await page.getByLabel('How can we help?').fill('Can I change the delivery address on my order?');
  await page.getByRole('button', { name: 'Send message' }).click();
  await expect(page.getByRole('status')).toContainText('Your request number is #');
  const [ticket] = await sql<{ channel: string }>(`SELECT channel FROM "Ticket" WHERE subject = $1`, [`Form question ${run}`]);
  expect(ticket?.channel).toBe('WEB_FORM');
  await expect(page.getByRole('status')).toBeVisible();
  await expectNoA11yViolations(page);
});

test('the REST API creates idempotently, updates, replies, and hides other workspaces', async ({ request }) => {
  const tenant = await acme();
  const key = await apiKeyFor(tenant.id, ['tickets:read', 'tickets:write']);
  const body = {
    subject: `API ticket ${run}`,
    bodyText: 'Created through the API',
    customer: { email: `api-${run}@example.test`, name: 'Api Person' },
    priority: 'HIGH',
  };

  expect((await request.post('/api/v1/tickets', { data: body })).status()).toBe(401);
  const bad = await request.post('/api/v1/tickets', { data: { ...body, customer: { email: 'nope' } }, headers: auth(key) });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.field).toBe('customer.email');

  const headers = { ...auth(key), 'idempotency-key': `create-${run}` };
  const first = await request.post('/api/v1/tickets', { data: body, headers });
  expect(first.status(), await first.text()).toBe(201);
  const created = await first.json();
  expect(created).toMatchObject({ subject: body.subject, priority: 'HIGH', channel: 'API', status: 'NEW' });
  const replay = await request.post('/api/v1/tickets', { data: body, headers });
  expect(replay.status()).toBe(201);
  expect(replay.headers()['idempotent-replayed']).toBe('true');
  expect((await replay.json()).id).toBe(created.id);
  const conflict = await request.post('/api/v1/tickets', { data: { ...body, subject: 'different' }, headers });
  expect(conflict.status()).toBe(409);
  expect((await sql(`SELECT id FROM "Ticket" WHERE subject = $1`, [body.subject])).length).toBe(1);

  const patched = await request.patch(`/api/v1/tickets/${created.id}`, {
    data: { status: 'PENDING', addTags: ['api'] },
    headers: auth(key),
  });
  expect(patched.status(), await patched.text()).toBe(200);
  expect(await patched.json()).toMatchObject({ status: 'PENDING', tags: ['api'] });
  const reply = await request.post(`/api/v1/tickets/${created.id}/messages`, {
    data: { kind: 'REPLY', bodyText: 'Thanks, on it' },
    headers: auth(key),
  });
  expect(reply.status(), await reply.text()).toBe(201);
  expect(await reply.json()).toMatchObject({ kind: 'REPLY', deliveryStatus: 'QUEUED' });
  const messages = await (await request.get(`/api/v1/tickets/${created.id}/messages`, { headers: auth(key) })).json();
  expect(messages.data.map((m: { kind: string }) => m.kind)).toEqual(['CUSTOMER', 'REPLY']);

  const readOnly = await apiKeyFor(tenant.id, ['tickets:read']);
  expect((await request.patch(`/api/v1/tickets/${created.id}`, { data: { priority: 'LOW' }, headers: auth(readOnly) })).status()).toBe(403);
  const stranger = await apiKeyFor(await otherTenant(), ['tickets:read', 'tickets:write']);
  expect((await request.get(`/api/v1/tickets/${created.id}`, { headers: auth(stranger) })).status()).toBe(404);
  expect((await request.patch(`/api/v1/tickets/${created.id}`, { data: { priority: 'LOW' }, headers: auth(stranger) })).status()).toBe(404);
});

test('the OpenAPI document and its page are served', async ({ page, request }) => {
  const doc = await (await request.get('/api/docs/openapi.json')).json();
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/tickets', '/api/v1/tickets/{id}/messages', '/api/v1/customers']));
  expect(doc.components.schemas.CreateTicket.required).toEqual(expect.arrayContaining(['subject', 'customer']));
  await page.goto('/api/docs');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Helpdesk REST API');
  await expect(page.getByRole('table')).toContainText('/api/v1/tickets');
  await expectNoA11yViolations(page);
});

async function postInbound(
  request: APIRequestContext,
  alias: string,
  raw: string,
  secret: string,
  timestamp = String(Math.floor(Date.now() / 1000)),
) {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex');
  return request.post(`/api/inbound/email/${alias}`, {
    data: raw,
    headers: { 'content-type': 'message/rfc822', 'x-helpdesk-timestamp': timestamp, 'x-helpdesk-signature': signature },
  });
}

test('inbound email refuses bad signatures, replays and unknown aliases without storing', async ({ request }) => {
  const tenant = await acme();
  const raw = `From: Eve <eve-${run}@example.test>\r\nSubject: Forged ${run}\r\nMessage-ID: <${run}-forged@example.test>\r\n\r\nhello\r\n`;
  expect((await postInbound(request, tenant.inboundAlias, raw, 'not-the-secret')).status()).toBe(401);
  expect(
    (await postInbound(request, tenant.inboundAlias, raw, tenant.inboundSecret, String(Math.floor(Date.now() / 1000) - 3600))).status(),
  ).toBe(401);
  expect((await postInbound(request, `missing-${run}`, raw, tenant.inboundSecret)).status()).toBe(404);
  expect(await sql(`SELECT id FROM "Ticket" WHERE subject = $1`, [`Forged ${run}`])).toEqual([]);
  const ok = await postInbound(request, tenant.inboundAlias, raw, tenant.inboundSecret);
  expect(ok.status()).toBe(201);
  expect((await postInbound(request, tenant.inboundAlias, raw, tenant.inboundSecret)).status()).toBe(200);
  expect((await sql(`SELECT id FROM "Ticket" WHERE subject = $1`, [`Forged ${run}`])).length).toBe(1);
});

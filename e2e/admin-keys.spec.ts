import { expect, test } from '@playwright/test';
import { expectNoA11yViolations } from './helpers/a11y';
import { sql } from './helpers/db';
import { signIn } from './helpers/auth';
import { DEMO } from './helpers/env';

const run = Date.now().toString(36);

test('an admin issues an API key, uses it, revokes it, and the API then refuses it', async ({ page, request }) => {
  await signIn(page, DEMO.admin, DEMO.password);
  await page.goto('/admin');
  await page.getByRole('link', { name: /API keys/ }).click();
  await expect(page.getByRole('heading', { name: 'API keys', level: 1 })).toBeVisible();

  const form = page.getByRole('form', { name: 'Create an API key' });
  await form.getByRole('button', { name: 'Create key' }).click();
  await expect(page.locator('#field-name-error')).toHaveText('is required');
  await expect(page.locator('#scopes-error')).toHaveText('pick at least one scope');
  await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');

  const name = `Zapier ${run}`;
  await page.getByLabel('Name').fill(name);
  await page.getByRole('checkbox', { name: 'tickets:read' }).check();
  await form.getByRole('button', { name: 'Create key' }).click();
  const secret = await page.getByTestId('api-key-secret').inputValue();
  expect(secret).toMatch(/^hd_[0-9a-f]{12}_[A-Za-z0-9_-]{32,}$/);
  await expect(page.getByRole('button', { name: 'Copy API key' })).toBeVisible();
  const row = page.getByTestId('api-key-row').filter({ hasText: name });
  await expect(row).toContainText(secret.slice(0, 'hd_'.length + 12));
  await expect(row).toContainText('tickets:read');
  await expect(row).toContainText('Active');
  await expect(row).not.toContainText(secret.slice(16));
  await expectNoA11yViolations(page);

  const auth = { Authorization: `Bearer ${secret}` };
  const ok = await request.get('/api/v1/tickets?limit=100', { headers: auth });
  expect(ok.status()).toBe(200);
  const body = (await ok.json()) as { data: { id: string }[] };
  const acmeIds = new Set(
    (await sql<{ id: string }>(`SELECT t.id FROM "Ticket" t JOIN "Tenant" n ON n.id = t."tenantId" WHERE n.slug = 'acme'`)).map(
      (r) => r.id,
    ),
  );
  expect(body.data.length).toBeGreaterThan(0);
  for (const ticket of body.data) expect(acmeIds.has(ticket.id), `ticket ${ticket.id} belongs to Acme`).toBe(true);

  await page.reload();
  await expect(row).not.toContainText('Never');

  await row.getByRole('button', { name: `Revoke ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Revoke “${name}”?` });
  await expect(dialog).toBeVisible();
  await expectNoA11yViolations(page);
  await dialog.getByRole('button', { name: 'Revoke key' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toContainText('Revoked');
  await expect(row.getByRole('button', { name: `Revoke ${name}` })).toHaveCount(0);

  const refused = await request.get('/api/v1/tickets', { headers: auth });
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
});

test('the channels page shows the webhook, the signing scheme, the secret only on request, and rotates it', async ({ page }) => {
  const [acme] = await sql<{ inboundAlias: string; inboundSecret: string; slug: string }>(
    `SELECT "inboundAlias", "inboundSecret", slug FROM "Tenant" WHERE slug = 'acme'`,
  );
  if (!acme) throw new Error('the seeded acme tenant is missing');
  await signIn(page, DEMO.admin, DEMO.password);
  await page.goto('/admin');
  await page.getByRole('link', { name: /Channels/ }).click();
  await expect(page.getByRole('heading', { name: 'Channels', level: 1 })).toBeVisible();
  await expect(page.getByText(`/api/inbound/email/${acme.inboundAlias}`, { exact: false }).first()).toBeVisible();
  await expect(page.getByText('x-helpdesk-signature', { exact: true })).toBeVisible();
  await expect(page.getByText(`/contact/${acme.slug}`, { exact: false }).first()).toBeVisible();

  expect(await page.content()).not.toContain(acme.inboundSecret);
  await expect(page.getByTestId('inbound-secret')).not.toContainText(acme.inboundSecret);
  await expectNoA11yViolations(page);
  await page.getByRole('button', { name: 'Reveal' }).click();
  await expect(page.getByTestId('inbound-secret')).toHaveText(acme.inboundSecret);
  await page.getByRole('button', { name: 'Hide' }).click();
  await expect(page.getByTestId('inbound-secret')).not.toContainText(acme.inboundSecret);

  await page.getByRole('button', { name: 'Rotate secret' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rotate the signing secret?' });
  await expectNoA11yViolations(page);
  await dialog.getByRole('button', { name: 'Rotate now' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Secret rotated' })).toBeVisible();
  const shown = (await page.getByTestId('inbound-secret').textContent()) ?? '';
  expect(shown).toMatch(/^[0-9a-f]{48}$/);
  expect(shown).not.toBe(acme.inboundSecret);
  const [stored] = await sql<{ inboundSecret: string }>(`SELECT "inboundSecret" FROM "Tenant" WHERE slug = 'acme'`);
  expect(stored?.inboundSecret).toBe(shown);
  const audit = await sql<{ n: string }>(
    `SELECT count(*) AS n FROM "AuditLog" a JOIN "Tenant" t ON t.id = a."tenantId" WHERE t.slug = 'acme' AND a.action = 'inbound_secret.rotated' AND a."createdAt" > now() - interval '1 minute'`,
  );
  expect(Number(audit[0]?.n)).toBeGreaterThan(0);
});

test('an agent gets 404 on the admin key and channel pages', async ({ page }) => {
  await signIn(page, DEMO.agent, DEMO.password);
  expect((await page.goto('/admin/api-keys'))?.status()).toBe(404);
  expect((await page.goto('/admin/channels'))?.status()).toBe(404);
});

import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { expectNoA11yViolations } from './helpers/a11y';
import { sql } from './helpers/db';
import { signIn } from './helpers/auth';
import { DEMO } from './helpers/env';

const run = Date.now().toString(36);
const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
// Ranges end yesterday: the AI worker may still be recording today's calls for the newest demo tickets.
const yesterday = day(1);
const from = day(30);
const lastMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 7);

/** Acme's ledger total over the report's range, straight from the database. */
async function acmeLedgerMicros(): Promise<bigint> {
  const [row] = await sql<{ micros: string | null }>(
    `SELECT sum(u."costMicros")::text AS micros FROM "UsageEvent" u JOIN "Tenant" t ON t.id = u."tenantId"
     WHERE t.slug = 'acme' AND u."occurredAt" >= $1::date AND u."occurredAt" < ($2::date + 1)`,
    [from, yesterday],
  );
  return BigInt(row?.micros ?? '0');
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  // Another tenant's spend yesterday (read from the ledger, not rollups): it must never show up in Acme's report.
  const id = `e2e-other-${run}`;
  await sql(
    `INSERT INTO "Tenant" (id, name, slug, "inboundAlias", "inboundSecret", "updatedAt") VALUES ($1, $2, $1, $1, 'secret', now())`,
    [id, `Other ${run}`],
  );
  await sql(
    `INSERT INTO "UsageEvent" (id, "tenantId", feature, model, provider, "tokensIn", "tokensOut", "costMicros", "idempotencyKey", "occurredAt")
     VALUES ($1, $2, 'ESCALATED_DRAFT', 'claude-opus-4-1', 'CLOUD', 100000, 100000, 9000000, $1, (now() AT TIME ZONE 'UTC') - interval '1 day')`,
    [`e2e-usage-${run}`, id],
  );
});

test('a billing viewer sees only their tenant, with charts, and the CSV matches the screen', async ({ page }) => {
  await signIn(page, DEMO.billing, DEMO.password);
  await page.goto(`/billing?from=${from}&to=${yesterday}`);
  await expect(page.getByRole('heading', { name: 'AI spend' })).toBeVisible();
  const total = page.getByTestId('total-spend');
  const screenMicros = BigInt((await total.getAttribute('data-micros')) ?? '-1');
  expect(screenMicros).toBeGreaterThan(0n);
  expect(screenMicros).toBe(await acmeLedgerMicros());
  await expect(page.getByText(`Other ${run}`)).toHaveCount(0);

  await expect(page.locator('[data-testid="daily-spend-chart"] svg.recharts-surface[role="application"]')).toBeVisible();
  await expect(page.locator('[data-testid="daily-spend-chart"] .recharts-bar-rectangle').first()).toBeAttached();
  await expect(page.locator('[data-testid="feature-spend-chart"] svg.recharts-surface[role="application"]')).toBeVisible();
  await expect(page.getByRole('progressbar', { name: /Cloud budget used/ })).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-link').click()]);
  expect(download.suggestedFilename()).toBe(`ai-spend-${from}-to-${yesterday}.csv`);
  const csv = await readFile((await download.path())!, 'utf8');
  const lines = csv.trim().split('\r\n').map((l) => l.split(','));
  const cost = lines[0]!.indexOf('cost_usd');
  const micros = (s: string) => BigInt(s.replace('.', ''));
  expect(lines.at(-1)![0]).toBe('TOTAL');
  expect(micros(lines.at(-1)![cost]!)).toBe(screenMicros);
  expect(lines.slice(1, -1).reduce((s, l) => s + micros(l[cost]!), 0n)).toBe(screenMicros);

  await expectNoA11yViolations(page);
});

test('the range picker narrows the report and names a bad date', async ({ page }) => {
  await signIn(page, DEMO.billing, DEMO.password);
  await page.goto('/billing');
  await page.getByLabel('From', { exact: true }).fill(yesterday);
  await page.getByLabel('To', { exact: true }).fill(yesterday);
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(new RegExp(`from=${yesterday}&to=${yesterday}`));
  const [row] = await sql<{ micros: string | null }>(
    `SELECT sum(u."costMicros")::text AS micros FROM "UsageEvent" u JOIN "Tenant" t ON t.id = u."tenantId"
     WHERE t.slug = 'acme' AND u."occurredAt" >= $1::date AND u."occurredAt" < ($1::date + 1)`,
    [yesterday],
  );
  await expect(page.getByTestId('total-spend')).toHaveAttribute('data-micros', BigInt(row?.micros ?? '0').toString());
  await page.goto('/billing?from=2026-02-31');
  await expect(page.getByRole('alert').filter({ hasText: 'is not a real date' })).toBeVisible();
  await expect(page.getByLabel('From', { exact: true })).toHaveAttribute('aria-invalid', 'true');
});

test('the monthly statement prints the month and is accessible', async ({ page }) => {
  await signIn(page, DEMO.billing, DEMO.password);
  const month = lastMonth;
  await page.goto(`/billing/statement/${month}`);
  await expect(page.getByRole('heading', { name: /AI usage statement/ })).toBeVisible();
  const [row] = await sql<{ micros: string | null }>(
    `SELECT sum(u."costMicros")::text AS micros FROM "UsageEvent" u JOIN "Tenant" t ON t.id = u."tenantId"
     WHERE t.slug = 'acme' AND to_char(u."occurredAt", 'YYYY-MM') = $1`,
    [month],
  );
  await expect(page.getByTestId('statement-total')).toHaveAttribute('data-micros', BigInt(row?.micros ?? '0').toString());
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('complementary')).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await expectNoA11yViolations(page);
});

test('an agent gets 404 on billing and 403 from the export', async ({ page }) => {
  await signIn(page, DEMO.agent, DEMO.password);
  const res = await page.goto('/billing');
  expect(res?.status()).toBe(404);
  const api = await page.request.get(`/api/billing/export.csv?from=${from}&to=${yesterday}`);
  expect(api.status()).toBe(403);
});

test('an admin adds a workspace price effective tomorrow and sees it scheduled', async ({ page }) => {
  await signIn(page, DEMO.admin, DEMO.password);
  await page.goto('/admin/prices');
  const model = `e2e-model-${run}`;
  const form = page.getByRole('form', { name: 'Add a price' });
  await form.getByLabel('Model').fill(model);
  await form.getByLabel('Input $/MTok').fill('2.5');
  await form.getByLabel('Output $/MTok').fill('abc');
  await form.getByRole('button', { name: 'Add price' }).click();
  await expect(form.getByText(/must be an amount in dollars/)).toBeVisible();
  await form.getByLabel('Output $/MTok').fill('12');
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 16);
  await form.getByLabel('Effective from (UTC)').fill(tomorrow);
  await form.getByRole('button', { name: 'Add price' }).click();
  await expect(form.getByRole('status')).toBeVisible();
  const row = page.getByTestId('price-row').filter({ hasText: model });
  await expect(row).toContainText('Scheduled');
  await expect(row).toContainText('$2.50 / $12.00');
  await expectNoA11yViolations(page);
});

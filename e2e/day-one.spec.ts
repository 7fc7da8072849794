import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { signUp } from '@helpdesk/core/auth';
import { createTicket } from '@helpdesk/core/tickets';
import { createDb } from '@helpdesk/db';
import { expectNoA11yViolations } from './helpers/a11y';
import { signIn } from './helpers/auth';
import { sql } from './helpers/db';
import { DEMO, SERVER_ENV } from './helpers/env';
import { waitForMail } from './helpers/mailbox';
import { acmeTicket, type AcmeTicketSpec } from './helpers/tickets';

// What a support team meets in its first hour (issue 16): replies that reach a mailbox, honest labels, search that finds closed tickets.
const run = Date.now().toString(36);

async function acmeId(): Promise<string> {
  const [tenant] = await sql<{ id: string }>(`SELECT id FROM "Tenant" WHERE slug = 'acme'`);
  if (!tenant) throw new Error('the seeded acme tenant is missing');
  return tenant.id;
}

/** A ticket of the demo tenant with one customer message from Robin. */
const ticketFor = (email: string, subject: string, status: AcmeTicketSpec['status'] = 'OPEN') =>
  acmeTicket({ subject, status, customer: { email, name: 'Robin Day' }, body: 'Where is my parcel?' });

async function sendReply(page: Page, number: number, text: string): Promise<void> {
  await page.goto(`/tickets/${number}`);
  await page.locator('#composer-body').fill(text);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('Reply sent', { exact: true })).toBeVisible({ timeout: 20_000 });
}

/** The delivery status of the ticket's only reply, reloading until it reads `status` (the ops worker sends in the background). */
async function expectDelivery(page: Page, status: string): Promise<void> {
  const reply = page.getByTestId('message').filter({ has: page.getByTestId('delivery-status') });
  await expect(async () => {
    await page.reload();
    await expect(reply.getByTestId('delivery-status')).toHaveText(` · ${status}`, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
}

test('a reply reaches the local mail catcher and shows as sent; a refused one shows its reason and Retry sends it', async ({ page }) => {
  const delivered = await ticketFor(`robin-${run}@example.test`, `Parcel delivered ${run}`);
  const refused = await ticketFor(`reject-${run}@example.test`, `Parcel refused ${run}`);
  await signIn(page, DEMO.agent, DEMO.password);

  await sendReply(page, delivered.number, `Your parcel left our warehouse today ${run}.`);
  await waitForMail(`robin-${run}@example.test`, new RegExp(`Parcel delivered ${run}`));
  await expectDelivery(page, 'sent');
  const catcherLink = page.getByRole('link', { name: 'read it in the local mail catcher' });
  await expect(catcherLink).toHaveAttribute('href', SERVER_ENV.MAIL_CATCHER_URL as string);
  await expectNoA11yViolations(page);

  // The catcher's own inbox lists the reply and shows its text.
  await page.goto(SERVER_ENV.MAIL_CATCHER_URL as string);
  await page.getByRole('link', { name: `[#${delivered.number}] Parcel delivered ${run}` }).click();
  await expect(page.getByText(`Your parcel left our warehouse today ${run}.`)).toBeVisible();
  await expectNoA11yViolations(page);

  // The catcher refuses reject-… recipients with a 550: the reply fails and says why.
  await sendReply(page, refused.number, `We are sorry about the delay ${run}.`);
  await expectDelivery(page, 'failed');
  const alert = page.getByRole('alert').filter({ has: page.getByTestId('delivery-error') });
  await expect(alert.getByTestId('delivery-error')).toContainText(`Mailbox reject-${run}@example.test does not exist`);
  await expectNoA11yViolations(page);

  // The agent corrects the address, then Retry re-queues the same reply, which now reaches the customer.
  await sql(`UPDATE "Customer" SET email = $1 WHERE id = $2`, [`robin-fixed-${run}@example.test`, refused.customerId]);
  await alert.getByRole('button', { name: 'Retry' }).click();
  await waitForMail(`robin-fixed-${run}@example.test`, new RegExp(`Parcel refused ${run}`));
  await expectDelivery(page, 'sent');
  await expect(page.getByTestId('delivery-error')).toHaveCount(0);
  const [message] = await sql<{ deliveryStatus: string; deliveryError: string | null }>(
    `SELECT "deliveryStatus", "deliveryError" FROM "Message" WHERE "ticketId" = $1 AND kind = 'REPLY'`,
    [refused.id],
  );
  expect(message).toEqual({ deliveryStatus: 'SENT', deliveryError: null });
  const [audit] = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM "AuditLog" WHERE "ticketId" = $1 AND action = 'message.delivery_retried'`,
    [refused.id],
  );
  expect(audit?.n).toBe(1);
});

test('the simulated cloud is labelled simulated, and seeded usage shows as demo data', async ({ page }) => {
  const tenantId = await acmeId();
  await signIn(page, DEMO.admin, DEMO.password);
  await page.goto('/admin/escalation');
  await expect(page.getByTestId('cloud-mode')).toContainText('Simulated cloud (no API key)');
  await expect(page.getByText('Cloud model connected')).toHaveCount(0);

  // A ticket of the seeded history with an escalated draft: its cloud row is simulated and every row is demo data.
  const [seeded] = await sql<{ number: number; id: string }>(
    `SELECT t.number, t.id FROM "Ticket" t JOIN "UsageEvent" u ON u."ticketId" = t.id AND u."tenantId" = t."tenantId"
      WHERE t."tenantId" = $1 AND u.provider = 'CLOUD' AND u."idempotencyKey" LIKE 'seed:%' ORDER BY t.number LIMIT 1`,
    [tenantId],
  );
  if (!seeded) throw new Error('the seed wrote no cloud usage');
  await sql(
    `INSERT INTO "AiDraft" (id, "tenantId", "ticketId", "contentVersion", body, citations, source, status, "modelId", "promptVersion", "updatedAt")
     SELECT $1, $2, $3, "contentVersion", 'Hello, we refunded the second charge.', '[]'::jsonb, 'CLOUD'::"DraftSource", 'READY'::"DraftStatus", 'claude-haiku-4-5', 'e2e', now() FROM "Ticket" WHERE id = $3
     ON CONFLICT ("ticketId", "contentVersion") DO UPDATE SET source = 'CLOUD', "modelId" = 'claude-haiku-4-5', status = 'READY'`,
    [randomUUID(), tenantId, seeded.id],
  );
  await page.goto(`/tickets/${seeded.number}`);
  await expect(page.getByTestId('ai-draft')).toContainText('Simulated cloud');
  await expect(page.getByTestId('ai-draft')).not.toContainText('Cloud model');
  const rows = page.getByTestId('ai-trace-row');
  await expect(rows.first()).toBeVisible();
  const total = await rows.count();
  await expect(page.getByTestId('ai-trace-demo')).toHaveCount(total);
  await expect(rows.filter({ hasText: '(simulated cloud)' })).not.toHaveCount(0);
  await expect(rows.filter({ hasText: '(cloud)' })).toHaveCount(0);
  await expectNoA11yViolations(page);

  await page.goto('/billing');
  await expect(page.getByText('Cloud models (simulated)')).toBeVisible();
});

test('search covers every ticket: a closed ticket is found by its number with and without #, and All tickets lists it', async ({
  page,
}) => {
  const closed = await ticketFor(`closed-${run}@example.test`, `Old closed question ${run}`, 'CLOSED');
  await signIn(page, DEMO.agent, DEMO.password);
  for (const query of [String(closed.number), `#${closed.number}`]) {
    await page.goto('/inbox');
    await page.getByRole('searchbox', { name: 'Search tickets' }).fill(query);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/q=/);
    await expect(page.getByTestId('ticket-row').first()).toContainText(`Old closed question ${run}`);
  }
  await expectNoA11yViolations(page);

  // The status filter narrows the same search: the closed ticket is not an open one.
  await page.getByLabel('Status', { exact: true }).selectOption('OPEN');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/status=OPEN/);
  await expect(page.getByTestId('ticket-row').filter({ hasText: `Old closed question ${run}` })).toHaveCount(0);

  await page.goto('/inbox');
  await page.getByRole('link', { name: /All tickets/ }).click();
  await expect(page.getByTestId('ticket-row').filter({ hasText: `Old closed question ${run}` })).toBeVisible();
});

test('correcting the triage category updates the chips at once and reads as words in Activity', async ({ page }) => {
  const tenantId = await acmeId();
  const categories = await sql<{ key: string; name: string }>(
    `SELECT key, name FROM "Category" WHERE "tenantId" = $1 AND active ORDER BY name LIMIT 2`,
    [tenantId],
  );
  const [from, to] = categories;
  if (!from || !to) throw new Error('the demo tenant needs two active categories');
  const ticket = await ticketFor(`triage-${run}@example.test`, `Triage correction ${run}`);
  await sql(
    `INSERT INTO "TriageResult" (id, "tenantId", "ticketId", "contentVersion", "categoryKey", priority, sentiment, language, confidence, summary, source, candidates, "modelId", "promptVersion", "durationMs")
     SELECT $1, $2, $3, "contentVersion", $4, 'NORMAL', 'NEUTRAL', 'en', 1.0, 'Parcel question', 'CLASSIFIER', '[]', 'e2e', 'e2e', 1 FROM "Ticket" WHERE id = $3`,
    [randomUUID(), tenantId, ticket.id, from.key],
  );
  await signIn(page, DEMO.agent, DEMO.password);
  await page.goto(`/tickets/${ticket.number}`);
  const panel = page.getByTestId('ai-panel');
  await expect(panel.getByTestId('triage-category')).toHaveText(`Category: ${from.name}`);
  await expect(panel.getByTestId('triage-confidence')).toHaveText('Confidence 100%');

  await panel.getByText('Correct triage').click();
  const form = panel.getByRole('form', { name: 'Correct category' });
  await form.getByLabel('Category').selectOption(to.key);
  await form.getByRole('button', { name: 'Correct' }).click();
  await expect(panel.getByTestId('triage-category')).toHaveText(`Category: ${to.name}`);
  await expect(panel.getByTestId('triage-confidence')).toHaveText('Corrected by agent');
  const [agent] = await sql<{ name: string }>(`SELECT name FROM "User" WHERE email = $1`, [DEMO.agent]);
  await expect(page.getByTestId('audit-log')).toContainText(`Category changed from ${from.name} to ${to.name} by ${agent?.name}`);
  await expectNoA11yViolations(page);
});

test('a brand-new workspace stays local-only: its first ticket is not sent to the cloud, and the admin home shows the checklist', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const email = `fresh-${run}@day-one.test`;
  const password = 'amber-lantern-quarry';
  const db = createDb(SERVER_ENV.DATABASE_URL as string, 1);
  let tenantId: string;
  let ticketId: string;
  try {
    const { tenant, user } = await signUp(db, { tenantName: `Fresh ${run}`, name: 'Fresh Owner', email, password });
    tenantId = tenant.id;
    // Long and full of questions: with the default policy either would escalate to the cloud.
    const questions = Array.from({ length: 6 }, (_, i) => `Question ${i + 1}: why was my card charged twice on order ${i}?`).join(' ');
    const ticket = await createTicket(
      db,
      { type: 'USER', id: user.id, tenantId, role: 'OWNER', name: 'Fresh Owner' },
      {
        subject: `First ticket ${run}`,
        bodyText: `${questions} ${'I am very upset about this and need an answer today. '.repeat(45)}`,
        customer: { email: `first-customer-${run}@example.test` },
      },
    );
    ticketId = ticket.id;
  } finally {
    await db.$disconnect();
  }
  const [policy] = await sql<{ localOnly: boolean }>(`SELECT "localOnly" FROM "EscalationPolicy" WHERE "tenantId" = $1`, [tenantId]);
  expect(policy?.localOnly).toBe(true);

  await signIn(page, email, password);
  await page.goto('/admin');
  const checklist = page.getByTestId('onboarding');
  await expect(checklist.getByRole('heading')).toHaveText('Get started: 0 of 5 done');
  for (const step of ['categories', 'article', 'inbound', 'team', 'model']) {
    await expect(checklist.getByTestId(`onboarding-${step}`)).toHaveAttribute('data-done', 'false');
  }
  await expect(checklist).toContainText(`fresh-${run}@`);
  await expectNoA11yViolations(page);

  // The draft job decides: the reasons to escalate are there, the local-only policy blocks them, nothing is billed as cloud.
  let decision: { escalate: boolean; blockedBy: string | null; reasons: unknown } | undefined;
  await expect
    .poll(
      async () => {
        [decision] = await sql<{ escalate: boolean; blockedBy: string | null; reasons: unknown }>(
          `SELECT escalate, "blockedBy", reasons FROM "EscalationDecision" WHERE "tenantId" = $1 AND "ticketId" = $2`,
          [tenantId, ticketId],
        );
        return decision !== undefined;
      },
      { timeout: 200_000, intervals: [2_000] },
    )
    .toBe(true);
  expect(decision).toMatchObject({ escalate: false, blockedBy: 'local_only' });
  expect(Array.isArray(decision?.reasons) && decision.reasons.length > 0).toBe(true);
  const [cloud] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "UsageEvent" WHERE "tenantId" = $1 AND provider = 'CLOUD'`, [
    tenantId,
  ]);
  expect(cloud?.n).toBe(0);

  // Inviting someone ticks the team step from the data itself.
  await sql(
    `INSERT INTO "Invitation" (id, "tenantId", email, role, "tokenHash", "expiresAt", "invitedById") SELECT $1, $2, $3, 'AGENT', $4, now() + interval '1 day', "userId" FROM "Membership" WHERE "tenantId" = $2 LIMIT 1`,
    [randomUUID(), tenantId, `teammate-${run}@day-one.test`, randomUUID()],
  );
  await page.reload();
  await expect(checklist.getByTestId('onboarding-team')).toHaveAttribute('data-done', 'true');
  await expect(checklist.getByRole('heading')).toHaveText('Get started: 1 of 5 done');
});

import { randomUUID } from 'node:crypto';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { signUp } from '@helpdesk/core/auth';
import { createDb } from '@helpdesk/db';
import { expectNoA11yViolations } from './helpers/a11y';
import { signIn } from './helpers/auth';
import { sql } from './helpers/db';
import { DEMO, SERVER_ENV } from './helpers/env';
import { expectNoHorizontalScroll, PHONE } from './helpers/layout';
import { acmeTicket, type AcmeTicketSpec } from './helpers/tickets';

// What users of Zendesk, Zammad or Freshdesk would miss on day two (issue 16): macros that can be edited, tags and groups
// that can be managed, views an agent builds and sorts by column, Activity in words, another workspace, a favicon.
const run = Date.now().toString(36);

test.describe.configure({ mode: 'serial', timeout: 120_000 });

interface Made {
  id: string;
  number: number;
}

/** A ticket of the demo tenant with tags (created when missing) and a creation time. */
async function ticket(
  subject: string,
  opts: Pick<AcmeTicketSpec, 'priority' | 'status'> & { tags?: string[]; minutesAgo?: number } = {},
): Promise<Made> {
  const { tenantId, id, number } = await acmeTicket({
    subject,
    status: opts.status,
    priority: opts.priority,
    customer: { email: `${randomUUID()}@day-two.test`, name: 'Robin Day' },
    body: 'Hello',
    at: new Date(Date.now() - (opts.minutesAgo ?? 0) * 60_000),
  });
  for (const name of opts.tags ?? []) {
    const [tag] = await sql<{ id: string }>(
      `INSERT INTO "Tag" (id, "tenantId", name) VALUES ($1, $2, $3) ON CONFLICT ("tenantId", name) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
      [randomUUID(), tenantId, name],
    );
    await sql(`INSERT INTO "TicketTag" ("tenantId", "ticketId", "tagId") VALUES ($1, $2, $3)`, [tenantId, id, tag!.id]);
  }
  return { id, number };
}

const tagsOf = async (ticketId: string) =>
  (
    await sql<{ name: string }>(
      `SELECT g.name FROM "TicketTag" tt JOIN "Tag" g ON g.id = tt."tagId" WHERE tt."ticketId" = $1 ORDER BY g.name`,
      [ticketId],
    )
  ).map((r) => r.name);

/** Opens a ConfirmSubmit's dialog from `trigger` and confirms it. */
async function confirm(page: Page, trigger: Locator, confirmLabel: string): Promise<void> {
  await trigger.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: confirmLabel }).click();
}

test('a macro can be edited: every field is saved, the list shows the new name', async ({ page }) => {
  await signIn(page, DEMO.admin, DEMO.password);
  await page.goto('/admin/helpdesk');
  const create = page.getByRole('form', { name: 'New macro' });
  await create.getByLabel('Name', { exact: true }).fill(`Edit me ${run}`);
  await create.getByLabel(/Reply text/).fill('Old text');
  await create.getByRole('button', { name: 'Create macro' }).click();
  await page.getByRole('link', { name: `Edit macro Edit me ${run}` }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Edit macro: Edit me ${run}`);
  await expectNoA11yViolations(page);

  const form = page.getByRole('form', { name: 'Edit macro' });
  await form.getByLabel('Name', { exact: true }).fill(`Edited ${run}`);
  await form.getByLabel(/Reply text/).fill('Hi {{customer.name}}, this is now fixed.');
  await form.getByLabel('Set status').selectOption({ label: 'Pending' });
  await form.getByLabel('Set priority').selectOption({ label: 'High' });
  await form.getByLabel('Add tags').fill('fixed, Followup');
  await form.getByRole('button', { name: 'Save macro' }).click();
  await expect(page).toHaveURL(/\/admin\/helpdesk/);
  await expect(page.getByRole('list', { name: 'Macros' })).toContainText(`Edited ${run}`);
  const [macro] = await sql<{ body: string; actions: unknown }>(`SELECT body, actions FROM "Macro" WHERE name = $1`, [`Edited ${run}`]);
  expect(macro).toEqual({
    body: 'Hi {{customer.name}}, this is now fixed.',
    actions: { status: 'PENDING', priority: 'HIGH', addTags: ['fixed', 'followup'] },
  });
});

test('tags are managed with their counts: rename everywhere, merge two into one, delete from tickets after confirming', async ({
  page,
}) => {
  const [oldName, dup, keep] = [`t2-old-${run}`, `t2-dup-${run}`, `t2-keep-${run}`];
  const a = await ticket(`Tags A ${run}`, { tags: [oldName, dup, keep] });
  const b = await ticket(`Tags B ${run}`, { tags: [dup] });
  await signIn(page, DEMO.admin, DEMO.password);
  await page.goto('/admin/tags');
  await expect(page.locator(`[data-tag="${dup}"]`).getByTestId('tag-count')).toHaveText('2 tickets');
  await expect(page.locator(`[data-tag="${keep}"]`).getByTestId('tag-count')).toHaveText('1 ticket');
  await expectNoA11yViolations(page);

  const renamed = `t2-renamed-${run}`;
  const renameForm = page.getByRole('form', { name: `Rename tag ${oldName}` });
  await renameForm.getByLabel('New name').fill(renamed);
  await renameForm.getByRole('button', { name: 'Rename' }).click();
  await expect(page.locator(`[data-tag="${renamed}"]`)).toBeVisible();
  expect(await tagsOf(a.id)).toEqual([dup, keep, renamed].sort());

  // A name another tag has is refused next to the field; merging is the way to join two tags.
  const clash = page.getByRole('form', { name: `Rename tag ${renamed}` });
  await clash.getByLabel('New name').fill(keep);
  await clash.getByRole('button', { name: 'Rename' }).click();
  await expect(clash.getByRole('alert')).toContainText('merge into it instead');
  // The refused name stays in the field to be corrected, not reset to the old one.
  await expect(clash.getByLabel('New name')).toHaveValue(keep);

  const merge = page.getByRole('form', { name: `Merge tag ${dup}` });
  await merge.getByLabel('Merge into').selectOption({ label: `${keep} (1 ticket)` });
  await confirm(page, merge.getByRole('button', { name: 'Merge' }), 'Merge');
  await expect(page.locator(`[data-tag="${dup}"]`)).toHaveCount(0);
  await expect(page.locator(`[data-tag="${keep}"]`).getByTestId('tag-count')).toHaveText('2 tickets');
  expect(await tagsOf(a.id)).toEqual([keep, renamed].sort());
  expect(await tagsOf(b.id)).toEqual([keep]);

  const del = page.getByRole('form', { name: `Delete tag ${keep}` });
  await del.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('dialog')).toContainText('It is removed from 2 tickets');
  await expectNoA11yViolations(page);
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.locator(`[data-tag="${keep}"]`)).toHaveCount(0);
  expect(await tagsOf(a.id)).toEqual([renamed]);
  expect(await tagsOf(b.id)).toEqual([]);
});

test('groups are managed: create, rename, choose members, delete (tickets keep their assignee)', async ({ page }) => {
  await signIn(page, DEMO.admin, DEMO.password);
  await page.goto('/admin/groups');
  await expectNoA11yViolations(page);
  const create = page.getByRole('form', { name: 'New group' });
  await create.getByLabel('New group name').fill(`Tier ${run}`);
  await create.getByRole('button', { name: 'Create group' }).click();
  const card = page.locator(`[data-group="Tier ${run}"]`);
  await expect(card).toBeVisible();

  const rename = card.getByRole('form', { name: `Rename group Tier ${run}` });
  await rename.getByLabel('Name', { exact: true }).fill(`Escalations ${run}`);
  await rename.getByRole('button', { name: 'Rename' }).click();
  const renamed = page.locator(`[data-group="Escalations ${run}"]`);
  await expect(renamed).toBeVisible();

  const members = renamed.getByRole('form', { name: `Members of Escalations ${run}` });
  await members.getByLabel('Alex Agent').check();
  await members.getByLabel('Adam Admin').check();
  await members.getByRole('button', { name: 'Save members' }).click();
  await expect(renamed).toContainText('2 members');
  const rows = await sql<{ name: string }>(
    `SELECT u.name FROM "GroupMember" m JOIN "Group" g ON g.id = m."groupId" JOIN "User" u ON u.id = m."userId" WHERE g.name = $1 ORDER BY u.name`,
    [`Escalations ${run}`],
  );
  expect(rows.map((r) => r.name)).toEqual(['Adam Admin', 'Alex Agent']);
  await expectNoA11yViolations(page);

  const [group] = await sql<{ id: string }>(`SELECT id FROM "Group" WHERE name = $1`, [`Escalations ${run}`]);
  const routed = await ticket(`Routed ${run}`);
  await sql(`UPDATE "Ticket" SET "groupId" = $1, "assigneeId" = (SELECT id FROM "User" WHERE email = $2) WHERE id = $3`, [
    group!.id,
    DEMO.agent,
    routed.id,
  ]);
  await page.reload();
  await expect(renamed).toContainText('1 ticket');
  await confirm(page, renamed.getByRole('button', { name: 'Delete group' }), 'Delete');
  await expect(renamed).toHaveCount(0);
  const [after] = await sql<{ groupId: string | null; assigned: boolean }>(
    `SELECT "groupId", "assigneeId" IS NOT NULL AS assigned FROM "Ticket" WHERE id = $1`,
    [routed.id],
  );
  expect(after).toEqual({ groupId: null, assigned: true });
});

/** The ticket numbers of the inbox rows, top to bottom. */
const rowNumbers = async (page: Page) =>
  await page.getByTestId('ticket-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-ticket-number'))));

test('an agent builds a view from filters and sorts it by clicking (or pressing Enter on) a column header', async ({ page, browser }) => {
  const tag = `t2view-${run}`;
  const high = await ticket(`View high ${run}`, { priority: 'HIGH', status: 'OPEN', tags: [tag], minutesAgo: 120 });
  const urgent = await ticket(`View urgent ${run}`, { priority: 'URGENT', status: 'OPEN', tags: [tag], minutesAgo: 60 });
  await ticket(`View low ${run}`, { priority: 'LOW', status: 'OPEN', tags: [tag], minutesAgo: 30 });
  await ticket(`View closed ${run}`, { priority: 'HIGH', status: 'CLOSED', tags: [tag], minutesAgo: 10 });

  await signIn(page, DEMO.agent, DEMO.password);
  await page.goto('/inbox');
  await page.getByRole('link', { name: 'Build a view' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My views');
  await expectNoA11yViolations(page);
  const form = page.getByRole('form', { name: 'New view' });
  await form.getByLabel('Name', { exact: true }).fill(`Hot ${run}`);
  for (const status of ['New', 'Open'])
    await form
      .getByRole('group', { name: /Status/ })
      .getByLabel(status, { exact: true })
      .check();
  for (const priority of ['High', 'Urgent'])
    await form
      .getByRole('group', { name: /Priority/ })
      .getByLabel(priority, { exact: true })
      .check();
  await form.getByLabel('Tag').selectOption(tag);
  await form.getByLabel('Sort by').selectOption({ label: 'Oldest first' });
  // Sharing with the whole team is for admins; an agent's view is their own.
  await expect(form.getByLabel(/Share with the team/)).toHaveCount(0);
  await form.getByRole('button', { name: 'Save view' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Hot ${run}`);
  await expect(
    page.getByRole('navigation', { name: 'Ticket views' }).getByRole('link', { name: new RegExp(`Hot ${run}`) }),
  ).toHaveAttribute('aria-current', 'page');
  expect(await rowNumbers(page)).toEqual([high.number, urgent.number]);
  const table = page.getByRole('table', { name: 'Tickets' });
  await expect(table.getByRole('columnheader', { name: /Ticket/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(table.getByRole('columnheader', { name: /Priority/ })).toHaveAttribute('aria-sort', 'none');
  await expectNoA11yViolations(page);

  await table.getByTestId('sort-priority').click();
  await expect(table.getByRole('columnheader', { name: /Priority/ })).toHaveAttribute('aria-sort', 'descending');
  expect(await rowNumbers(page)).toEqual([urgent.number, high.number]);
  // By keyboard: the header is a link; Enter on the sorted column flips its direction.
  await table.getByTestId('sort-priority').focus();
  await page.keyboard.press('Enter');
  await expect(table.getByRole('columnheader', { name: /Priority/ })).toHaveAttribute('aria-sort', 'ascending');
  expect(await rowNumbers(page)).toEqual([high.number, urgent.number]);

  const [saved] = await sql<{ userId: string | null; filters: unknown; sort: string }>(
    `SELECT "userId", filters, sort FROM "SavedView" WHERE name = $1`,
    [`Hot ${run}`],
  );
  expect(saved).toMatchObject({ sort: 'created_asc', filters: { status: ['NEW', 'OPEN'], priority: ['HIGH', 'URGENT'], tag } });
  expect(saved?.userId).not.toBeNull();

  // An admin shares a view with the team: the agent sees it under Team views; the agent's own view stays private.
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, DEMO.admin, DEMO.password);
  await admin.goto('/inbox/views');
  const shared = admin.getByRole('form', { name: 'New view' });
  await shared.getByLabel('Name', { exact: true }).fill(`Team hot ${run}`);
  await shared.getByLabel('Tag').selectOption(tag);
  await shared.getByLabel(/Share with the team/).check();
  await shared.getByRole('button', { name: 'Save view' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(`Team hot ${run}`);
  await expect(admin.getByRole('navigation', { name: 'Ticket views' }).getByRole('link', { name: new RegExp(`^Hot ${run}`) })).toHaveCount(
    0,
  );
  await adminContext.close();
  await page.goto('/inbox');
  await expect(
    page.getByRole('navigation', { name: 'Ticket views' }).getByRole('link', { name: new RegExp(`Team hot ${run}`) }),
  ).toBeVisible();
});

test('Activity reads in words for every kind of entry, with one label per value; the app has a favicon', async ({ page, request }) => {
  const made = await ticket(`Activity ${run}`, { tags: ['t2-act'] });
  await signIn(page, DEMO.agent, DEMO.password);
  await page.goto(`/tickets/${made.number}`);
  const properties = page.getByRole('form', { name: 'Ticket properties' });
  await expect(properties.getByLabel('Category').locator('option').first()).toHaveText('Uncategorised');
  await properties.getByLabel('Status').selectOption({ label: 'Open' });
  await properties.getByLabel('Priority').selectOption({ label: 'High' });
  await properties.getByLabel('Assignee').selectOption({ label: 'Alex Agent' });
  await properties.getByRole('button', { name: 'Save changes' }).click();
  const log = page.getByTestId('audit-log');
  await expect(log).toContainText('Status changed from New to Open by Alex Agent', { timeout: 20_000 });
  await expect(log).toContainText('Priority changed from Normal to High by Alex Agent');
  await expect(log).toContainText('Assigned to Alex Agent by Alex Agent');

  // AI and SLA events have tables of their own; Activity tells them in words too.
  const [tenant] = await sql<{ id: string }>(`SELECT id FROM "Tenant" WHERE slug = 'acme'`);
  await sql(
    `INSERT INTO "EscalationDecision" (id, "tenantId", "ticketId", "contentVersion", escalate, tier, model, reasons) VALUES ($1, $2, $3, 1, true, 'medium', 'claude-haiku-4-5', '["out of scope"]')`,
    [randomUUID(), tenant!.id, made.id],
  );
  await sql(
    `INSERT INTO "AiDraft" (id, "tenantId", "ticketId", "contentVersion", body, citations, source, status, "modelId", "promptVersion", "updatedAt")
     VALUES ($1, $2, $3, 1, 'Draft', '[]', 'LOCAL', 'DISCARDED', 'demo', 'v1', now())`,
    [randomUUID(), tenant!.id, made.id],
  );
  await sql(`UPDATE "Ticket" SET "slaBreachedAt" = now() WHERE id = $1`, [made.id]);
  await page.reload();
  await expect(log).toContainText('Escalated to the cloud model claude-haiku-4-5: out of scope');
  await expect(log).toContainText('Local model draft discarded');
  await expect(log).toContainText('SLA breached');
  const text = (await log.innerText()).replace(/SLA|UTC/g, '');
  expect(text).not.toMatch(/assigneeId|ticket\.updated|[A-Z]{3,}|[{}"]/);
  await expectNoA11yViolations(page);

  await expect(page.locator('link[rel="icon"]')).toHaveAttribute('href', /icon\.svg/);
  const icon = await request.get('/icon.svg');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
});

test('an existing user creates another workspace, lands in it local-only, and switches back', async ({ page }) => {
  const email = `second-${run}@day-two.test`;
  const password = 'copper-kettle-meadow';
  const db = createDb(SERVER_ENV.DATABASE_URL as string, 1);
  try {
    await signUp(db, { tenantName: `First ${run}`, name: 'Sam Second', email, password });
  } finally {
    await db.$disconnect();
  }
  await signIn(page, email, password);
  await page.getByRole('link', { name: 'Workspaces' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Workspaces');
  await expect(page.getByTestId('workspace-list')).toContainText(`First ${run}`);
  await expectNoA11yViolations(page);

  const form = page.getByRole('form', { name: 'Create another workspace' });
  await form.getByLabel('Workspace name').fill('x');
  await form.getByRole('button', { name: 'Create workspace' }).click();
  await expect(form.getByText('Use at least 2 characters')).toBeVisible();
  await expect(form.getByLabel('Workspace name')).toHaveValue('x');

  await form.getByLabel('Workspace name').fill(`Second ${run}`);
  await form.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page).toHaveURL(/\/admin$/);
  const switcher = page.getByLabel('Workspace', { exact: true });
  await expect(switcher.locator('option:checked')).toHaveText(`Second ${run}`);
  await expect(page.getByTestId('onboarding').getByRole('heading')).toHaveText('Get started: 0 of 5 done');
  const [created] = await sql<{ localOnly: boolean; role: string; slas: number }>(
    `SELECT p."localOnly", m.role, (SELECT count(*)::int FROM "SlaPolicy" s WHERE s."tenantId" = t.id) AS slas
       FROM "Tenant" t JOIN "EscalationPolicy" p ON p."tenantId" = t.id JOIN "Membership" m ON m."tenantId" = t.id
       JOIN "User" u ON u.id = m."userId" WHERE t.name = $1 AND u.email = $2`,
    [`Second ${run}`, email],
  );
  expect(created).toEqual({ localOnly: true, role: 'OWNER', slas: 4 });

  await switcher.selectOption({ label: `First ${run}` });
  await expect(switcher.locator('option:checked')).toHaveText(`First ${run}`, { timeout: 15_000 });
});

test('at 390 px the new pages and /admin/triage fit without sideways scrolling', async ({ page }) => {
  const [macro] = await sql<{ id: string }>(
    `SELECT m.id FROM "Macro" m JOIN "Tenant" t ON t.id = m."tenantId" WHERE t.slug = 'acme' LIMIT 1`,
  );
  await signIn(page, DEMO.admin, DEMO.password);
  await page.setViewportSize(PHONE);
  for (const path of ['/admin/tags', '/admin/groups', `/admin/macros/${macro!.id}`, '/inbox/views', '/inbox', '/account/workspaces']) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expectNoHorizontalScroll(page, true);
  }
  // A table too wide for the phone scrolls inside its own labelled, focusable box.
  await page.goto('/admin/triage');
  await expectNoA11yViolations(page);
});

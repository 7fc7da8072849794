import { expect, test, type Page } from '@playwright/test';
import { expectNoA11yViolations } from './helpers/a11y';
import { sql } from './helpers/db';
import { signIn, signOut } from './helpers/auth';
import { DEMO } from './helpers/env';
import { linkPath, waitForMail } from './helpers/mailbox';

const run = Date.now().toString(36);
const owner = { tenant: `Globex ${run}`, name: 'Gina Owner', email: `gina-${run}@globex.test`, password: 'globex-password-1' };
const agent = { name: 'Arthur Agent', email: `arthur-${run}@globex.test`, password: 'arthur-password-1' };

async function fillSignUp(page: Page, input: { tenant: string; name: string; email: string; password: string }) {
  await page.getByLabel('Workspace name').fill(input.tenant);
  await page.getByLabel('Your name').fill(input.name);
  await page.getByLabel('Email').fill(input.email);
  await page.getByLabel('Password').fill(input.password);
  await page.getByRole('button', { name: 'Create workspace' }).click();
}

test.describe.configure({ mode: 'serial' });

test('health reports the database and Redis up', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body.database.status).toBe('up');
  expect(body.redis.status).toBe('up');
  expect(Array.isArray(body.workers.list)).toBe(true);
});

test('signed-out visitors are sent to sign in, and the auth pages are accessible', async ({ page }) => {
  await page.goto('/inbox');
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.goto('/signup');
  await expect(page.getByRole('heading', { name: 'Create a workspace' })).toBeVisible();
  await expectNoA11yViolations(page);
  const api = await page.request.get('/api/admin/members');
  expect(api.status()).toBe(401);

  // After signing in, the visitor lands where they were going.
  await page.goto('/admin/members');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fadmin%2Fmembers/);
  await page.getByLabel('Email').fill(DEMO.owner);
  await page.getByLabel('Password').fill(DEMO.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/admin\/members$/);
  await expect(page.getByRole('heading', { name: 'Members', level: 1 })).toBeVisible();
});

test('bad sign-up input shows field errors and creates nothing', async ({ page }) => {
  const tenantsBefore = await sql<{ n: string }>('SELECT count(*) AS n FROM "Tenant"');
  await page.goto('/signup');
  await fillSignUp(page, { tenant: 'X', name: 'Bad Input', email: 'not-an-email', password: 'short' });
  await expect(page.getByLabel('Workspace name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#field-tenantName-error')).toHaveText('Use at least 2 characters');
  await expect(page.locator('#field-email-error')).toHaveText('Enter a valid email address');
  await expect(page.locator('#field-password-error')).toHaveText('Use at least 10 characters');
  await expect(page.locator('#field-name-error')).toHaveCount(0);
  // What was typed survives the round trip.
  await expect(page.getByLabel('Your name')).toHaveValue('Bad Input');
  await expectNoA11yViolations(page);

  // A seeded account's email gets the same answer as a new one (the mail tells its owner); nothing is created.
  await fillSignUp(page, { tenant: 'Copycat Co', name: 'Copy Cat', email: DEMO.owner, password: 'copycat-password-1' });
  await expect(page.getByRole('status')).toContainText(`We sent a message to ${DEMO.owner}`);
  await expect(page.locator('#field-email-error')).toHaveCount(0);

  expect(await sql('SELECT id FROM "Tenant" WHERE name IN ($1, $2)', ['X', 'Copycat Co'])).toEqual([]);
  expect(await sql<{ n: string }>('SELECT count(*) AS n FROM "Tenant"')).toEqual(tenantsBefore);
  await page.goto('/signin');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Email or password' })).toHaveText('Email or password is incorrect.');
  await expect(page).toHaveURL(/\/signin/);
});

test('a new tenant invites an agent who sees only that tenant', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await page.goto('/signup');
  await fillSignUp(page, owner);
  await expect(page.getByRole('status')).toContainText('Check your email');
  await page.goto(linkPath(await waitForMail(owner.email, /Confirm your email/), '/signup/confirm/'));
  await page.getByRole('button', { name: 'Create my workspace' }).click();
  await expect(page).toHaveURL(/\/signin\?notice=created/);
  await signIn(page, owner.email, owner.password);
  await expect(page).toHaveURL(/\/inbox/);
  await expect(page.getByRole('main').getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByLabel('Workspace')).toHaveText(owner.tenant);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link')).toHaveText(['Inbox', 'Knowledge base', 'AI', 'Reports', 'Billing', 'Admin']);

  await nav.getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('link', { name: /Members/ }).click();
  await expect(page.getByRole('heading', { name: 'Members', level: 1 })).toBeVisible();
  await expect(page.getByTestId('member-row')).toHaveCount(1);
  await page.getByLabel('Email').fill(agent.email);
  await page.getByLabel('Role', { exact: true }).selectOption('AGENT');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  const link = await page.getByTestId('invitation-link').inputValue();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
  // Only the hash is stored: the token itself is nowhere in the database.
  const token = link.split('/').pop() as string;
  expect(await sql('SELECT id FROM "Invitation" WHERE "tokenHash" = $1', [token])).toEqual([]);
  await page.reload();
  await expect(page.getByTestId('invitation-link')).toHaveCount(0);
  await expect(page.getByRole('cell', { name: agent.email, exact: true })).toBeVisible();
  await signOut(page);

  const agentContext = await browser.newContext();
  const agentPage = await agentContext.newPage();
  await agentPage.goto(new URL(link).pathname);
  await expect(agentPage.getByRole('heading', { name: `Join ${owner.tenant}` })).toBeVisible();
  await agentPage.getByLabel('Your name').fill(agent.name);
  await agentPage.getByLabel(/password/i).fill(agent.password);
  await agentPage.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(agentPage).toHaveURL(/\/inbox/);
  await signOut(agentPage);

  await signIn(agentPage, agent.email, agent.password);
  await expect(agentPage).toHaveURL(/\/inbox/);
  await expect(agentPage.getByLabel('Workspace')).toHaveText(owner.tenant);
  await expect(agentPage.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText(['Inbox', 'Knowledge base', 'AI']);
  const acmeSubjects = await sql<{ subject: string }>(
    `SELECT t.subject FROM "Ticket" t JOIN "Tenant" n ON n.id = t."tenantId" WHERE n.slug = 'acme' ORDER BY t."updatedAt" DESC LIMIT 5`,
  );
  const main = agentPage.getByRole('main');
  for (const { subject } of acmeSubjects) await expect(main).not.toContainText(subject);
  await expect(main).not.toContainText('Acme');
  await expectNoA11yViolations(agentPage);

  // Acme's rows, addressed directly, do not exist for a Globex agent.
  const [acmeTicket] = await sql<{ number: number }>(
    `SELECT t.number FROM "Ticket" t JOIN "Tenant" n ON n.id = t."tenantId" WHERE n.slug = 'acme' ORDER BY t.number LIMIT 1`,
  );
  const [acmeCustomer] = await sql<{ id: string }>(
    `SELECT c.id FROM "Customer" c JOIN "Tenant" n ON n.id = c."tenantId" WHERE n.slug = 'acme' LIMIT 1`,
  );
  expect(acmeTicket && acmeCustomer).toBeTruthy();
  expect((await agentPage.goto(`/tickets/${acmeTicket?.number}`))?.status()).toBe(404);
  expect((await agentPage.goto(`/customers/${acmeCustomer?.id}`))?.status()).toBe(404);

  const adminPage = await agentPage.goto('/admin/members');
  expect(adminPage?.status()).toBe(404);
  await expect(agentPage.getByRole('heading', { name: 'Not found' })).toBeVisible();
  const api = await agentPage.request.get('/api/admin/members');
  expect(api.status()).toBe(403);
  expect((await api.json()).error.code).toBe('forbidden');
  await agentContext.close();

  // The owner's member list holds exactly this tenant's two people.
  await signIn(page, owner.email, owner.password);
  const members = await page.request.get('/api/admin/members');
  expect(members.status()).toBe(200);
  const emails = ((await members.json()).members as { email: string; role: string }[]).map((m) => `${m.email}:${m.role}`).sort();
  expect(emails).toEqual([`${agent.email}:AGENT`, `${owner.email}:OWNER`].sort());
});

test('the invitation link works only once', async ({ page }) => {
  await signIn(page, owner.email, owner.password);
  const res = await page.request.post('/api/admin/members', { data: { email: `once-${run}@globex.test`, role: 'BILLING_VIEWER' } });
  expect(res.status()).toBe(201);
  const { invitation } = await res.json();
  const bad = await page.request.post('/api/admin/members', { data: { email: 'nope', role: 'AGENT' } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.field).toBe('email');
  await signOut(page);

  await page.goto(`/invite/${invitation.token}`);
  await page.getByLabel('Your name').fill('Bill Viewer');
  await page.getByLabel(/password/i).fill('billing-password-1');
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(page).toHaveURL(/\/billing/);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText(['Billing']);
  expect((await page.goto('/inbox'))?.status()).toBe(404);
  await signOut(page);

  await page.goto(`/invite/${invitation.token}`);
  await expect(page.getByRole('heading', { name: 'Invitation not valid' })).toBeVisible();
});

test('a member of two tenants switches between them, and only into tenants they belong to', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const [globex] = await sql<{ id: string }>('SELECT id FROM "Tenant" WHERE name = $1', [owner.tenant]);
  expect(globex).toBeDefined();

  // Asking the session for a tenant one is not a member of changes nothing.
  await signIn(page, DEMO.admin, DEMO.password);
  const switcher = page.getByLabel('Workspace');
  await expect(switcher.locator('option:checked')).toHaveText('Acme Support');
  const { csrfToken } = await (await page.request.get('/api/auth/csrf')).json();
  const tamper = await page.request.post('/api/auth/session', { data: { csrfToken, data: { tenantId: globex?.id } } });
  expect(tamper.ok()).toBe(true);
  const members = await (await page.request.get('/api/admin/members')).json();
  expect((members.members as { email: string }[]).map((m) => m.email)).toContain(DEMO.owner);
  await page.reload();
  await expect(switcher.locator('option:checked')).toHaveText('Acme Support');
  await signOut(page);

  const ownerContext = await browser.newContext();
  const ownerPage = await ownerContext.newPage();
  await signIn(ownerPage, owner.email, owner.password);
  const res = await ownerPage.request.post('/api/admin/members', { data: { email: DEMO.admin, role: 'AGENT' } });
  expect(res.status()).toBe(201);
  const { invitation } = await res.json();
  await ownerContext.close();

  await page.goto(`/invite/${invitation.token}`);
  await page.getByLabel('Your name').fill('Acme Admin');
  // The page looks the same for an existing account as for a new one; the wrong password is refused.
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(page.locator('#field-password-error')).toContainText('not right for this email');
  await page.getByLabel('Password', { exact: true }).fill(DEMO.password);
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(page).toHaveURL(/\/inbox/);
  await expect(switcher.locator('option:checked')).toHaveText(owner.tenant);
  await expect(switcher.locator('option')).toHaveText(['Acme Support', owner.tenant]);
  // An agent in this tenant, so no Admin here...
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link')).toHaveText(['Inbox', 'Knowledge base', 'AI']);

  // ...and an admin again after switching back to Acme.
  await switcher.selectOption({ label: 'Acme Support' });
  await expect(switcher.locator('option:checked')).toHaveText('Acme Support');
  await expect(nav.getByRole('link')).toHaveText(['Inbox', 'Knowledge base', 'AI', 'Reports', 'Billing', 'Admin']);
  const acmeMembers = await (await page.request.get('/api/admin/members')).json();
  expect((acmeMembers.members as { email: string }[]).map((m) => m.email)).not.toContain(owner.email);
});

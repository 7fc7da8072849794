import { expect, test, type Browser, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { acceptInvitation, createInvitation, signUp } from '@helpdesk/core/auth';
import { createDb, createSystemClient, type Actor } from '@helpdesk/db';
import { expectNoA11yViolations } from './helpers/a11y';
import { signIn, signOut } from './helpers/auth';
import { sql } from './helpers/db';
import { DEMO, SERVER_ENV } from './helpers/env';
import { linkPath, mailsTo, waitForMail } from './helpers/mailbox';

const run = Date.now().toString(36);
const PASSWORD = 'violet-kettle-harbour';

/** A workspace of its own with one owner, made through the domain (the sign-up UI has its own test below). */
async function makeOwner(label: string): Promise<{ email: string; actor: Actor }> {
  const email = `${label}-${run}@accounts.test`;
  const db = createDb(SERVER_ENV.DATABASE_URL as string, 1);
  try {
    const { tenant, user } = await signUp(db, { tenantName: `${label} ${run}`, name: `${label} owner`, email, password: PASSWORD });
    return { email, actor: { type: 'USER', id: user.id, tenantId: tenant.id, role: 'OWNER', name: `${label} owner` } };
  } finally {
    await db.$disconnect();
  }
}

async function addAdmin(owner: Actor, email: string): Promise<void> {
  const db = createDb(SERVER_ENV.DATABASE_URL as string, 1);
  const sys = createSystemClient(SERVER_ENV.DATABASE_URL as string, 1);
  try {
    const { token } = await createInvitation(db, owner, { email, role: 'ADMIN' });
    await acceptInvitation(sys, { token, name: 'Second Admin', password: PASSWORD });
  } finally {
    await Promise.all([db.$disconnect(), sys.$disconnect()]);
  }
}

/** What an authenticator app would show for this key at `at`. */
const totpCode = (secret: string, at: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at });

/** Each code is accepted once: wait for the next 30-second step before using a second one. */
async function nextStep(page: Page, after: number): Promise<number> {
  const step = Math.floor(after / 30_000);
  const wait = (step + 1) * 30_000 - Date.now() + 300;
  if (wait > 0) await page.waitForTimeout(wait);
  return Date.now();
}

async function expectFitsPhone(page: Page): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  // A string: the e2e tsconfig has no DOM types.
  const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
  expect(overflow, `${page.url()} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 720 });
}

async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

test.describe.configure({ mode: 'serial' });

test('after sign-out, a copy of the old session cookie no longer works', async ({ page, browser }) => {
  await signIn(page, DEMO.admin, DEMO.password);
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name.includes('session-token'))).toBe(true);

  // Replayed in another browser before sign-out, the cookie works: this is a real replay.
  const thief = await browser.newContext();
  await thief.addCookies(cookies);
  expect((await thief.request.get('/api/admin/members')).status()).toBe(200);

  await signOut(page);
  expect((await thief.request.get('/api/admin/members')).status()).toBe(401);
  const thiefPage = await thief.newPage();
  await thiefPage.goto('/inbox');
  await expect(thiefPage).toHaveURL(/\/signin/);
  await thief.close();
});

test('two-factor sign-in: enrol with a code computed from the secret, then sign in with a code, and with a recovery code once', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const { email, actor } = await makeOwner('totp');
  await signIn(page, email, PASSWORD);
  await page.getByRole('link', { name: 'Account security' }).click();
  await expect(page.getByRole('heading', { name: 'Account security', level: 1 })).toBeVisible();
  await expectNoA11yViolations(page);
  await expectFitsPhone(page);

  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  // Stored sealed, never as the key shown.
  const [stored] = await sql<{ totpPendingSecret: string }>('SELECT "totpPendingSecret" FROM "User" WHERE email = $1', [email]);
  expect(stored?.totpPendingSecret).toBeTruthy();
  expect(stored?.totpPendingSecret).not.toContain(secret);
  await expectNoA11yViolations(page);

  await page.getByLabel('Enter the 6-digit code').fill('000000');
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await expect(page.locator('#field-code-error')).toContainText('That code is not right');
  const enrolledAt = Date.now();
  await page.getByLabel('Enter the 6-digit code').fill(totpCode(secret, enrolledAt));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  const codes = page.getByTestId('recovery-codes').getByRole('listitem');
  await expect(codes).toHaveCount(10);
  const recovery = (await codes.allTextContents()).map((c) => c.trim());
  await expectNoA11yViolations(page);
  await page.goto('/inbox');
  await signOut(page);

  // The password alone is no longer enough.
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Enter the 6-digit code' })).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue(email);
  await expectNoA11yViolations(page);
  await page.getByLabel('Authentication code').fill('123456');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#field-code-error')).toContainText('not right');
  const at = await nextStep(page, enrolledAt);
  await page.getByLabel('Authentication code').fill(totpCode(secret, at));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/inbox/);
  await signOut(page);

  // A recovery code signs in once.
  for (const expectOk of [true, false]) {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Authentication code').fill(recovery[0] ?? '');
    await page.getByRole('button', { name: 'Sign in' }).click();
    if (expectOk) {
      await expect(page).toHaveURL(/\/inbox/);
      await signOut(page);
    } else {
      await expect(page.locator('#field-code-error')).toContainText('not right or was already used');
      await expect(page).toHaveURL(/\/signin/);
    }
  }

  // The owner requires 2FA for owners and admins; an admin without it is sent to set it up, and the API refuses them.
  const adminEmail = `totp-admin-${run}@accounts.test`;
  await addAdmin(actor, adminEmail);
  const later = await nextStep(page, at);
  await page.getByLabel('Authentication code').fill(totpCode(secret, later));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/inbox/);
  await page.goto('/account/security');
  await page.getByLabel('Require two-factor sign-in for owners and admins').check();
  await page.getByRole('button', { name: 'Save sign-in rule' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  const admin = await freshPage(browser);
  await admin.goto('/signin');
  await admin.getByLabel('Email').fill(adminEmail);
  await admin.getByLabel('Password').fill(PASSWORD);
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await expect(admin).toHaveURL(/\/account\/security\?required=1/);
  await expect(admin.getByRole('alert').filter({ hasText: 'requires two-factor sign-in for owners and admins' })).toBeVisible();
  const api = await admin.request.get('/api/admin/members');
  expect(api.status()).toBe(403);
  expect((await api.json()).error.code).toBe('two_factor_required');
  await admin.context().close();
});

test('password reset by email: the mailed link works once, refuses a weak password and signs out other sessions', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const { email } = await makeOwner('reset');
  const other = await freshPage(browser);
  await signIn(other, email, PASSWORD);

  await page.goto('/signin');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await expectNoA11yViolations(page);
  await expectFitsPhone(page);
  const before = (await mailsTo(email)).length;
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toContainText(`If ${email} has an account, we sent it a link`);

  const mail = await waitForMail(email, /Reset your Helpdesk password/, before);
  const link = linkPath(mail, '/reset-password/');
  // Only a hash of the token is stored.
  expect(await sql('SELECT id FROM "AccountToken" WHERE "tokenHash" = $1', [link.split('/').pop()])).toEqual([]);

  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByLabel('New password').fill('1234567890');
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page.locator('#field-password-error')).toContainText('too easy to guess');
  await expect(page.getByLabel('New password')).toHaveValue('1234567890');
  await expectNoA11yViolations(page);
  await page.getByLabel('New password').fill('amber-lantern-orchard');
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page).toHaveURL(/\/signin\?notice=reset/);
  await expect(page.getByRole('status')).toContainText('Your password was changed');

  // The other browser was signed out; the new password works; the link is spent.
  await other.goto('/inbox');
  await expect(other).toHaveURL(/\/signin/);
  await other.context().close();
  await signIn(page, email, 'amber-lantern-orchard');
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Reset link not valid' })).toBeVisible();
});

test('sign-up says the same for a taken email as for a new one, and refuses a weak password next to every other error', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/signup');
  await expectFitsPhone(page);
  await page.getByLabel('Workspace name').fill('X');
  await page.getByLabel('Your name').fill('Weak Walter');
  await page.getByLabel('Email').fill('not-an-email');
  await page.getByLabel('Password').fill('1234567890');
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.locator('#field-tenantName-error')).toHaveText('Use at least 2 characters');
  await expect(page.locator('#field-email-error')).toHaveText('Enter a valid email address');
  await expect(page.locator('#field-password-error')).toContainText('too easy to guess');
  await expect(page.getByLabel('Your name')).toHaveValue('Weak Walter');
  await expectNoA11yViolations(page);

  const before = (await mailsTo(DEMO.owner)).length;
  await page.getByLabel('Workspace name').fill(`Copycat ${run}`);
  await page.getByLabel('Email').fill(DEMO.owner);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  const taken = await page.getByRole('status').textContent();
  expect(taken).toContain(`We sent a message to ${DEMO.owner}`);
  const existingMail = await waitForMail(DEMO.owner, /already have a Helpdesk account/, before);
  expect(existingMail.text).toContain('/reset-password');

  const fresh = `fresh-${run}@accounts.test`;
  await page.goto('/signup');
  await page.getByLabel('Workspace name').fill(`Fresh ${run}`);
  await page.getByLabel('Your name').fill('Fay Fresh');
  await page.getByLabel('Email').fill(fresh);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create workspace' }).click();
  expect((await page.getByRole('status').textContent())?.replace(fresh, DEMO.owner)).toBe(taken);
  expect(await sql('SELECT id FROM "Tenant" WHERE name = $1', [`Copycat ${run}`])).toEqual([]);

  await page.goto(linkPath(await waitForMail(fresh, /Confirm your email/), '/signup/confirm/'));
  await expectNoA11yViolations(page);
  await page.getByRole('button', { name: 'Create my workspace' }).click();
  await expect(page).toHaveURL(/\/signin\?notice=created/);
  await signIn(page, fresh, PASSWORD);
  await expect(page.getByLabel('Workspace')).toHaveText(`Fresh ${run}`);
});

test('sign-in locks an account after repeated failures and says so plainly; the endpoint answers 429 with Retry-After', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { email } = await makeOwner('lockout');
  await page.goto('/signin');
  await expectNoA11yViolations(page);
  await expectFitsPhone(page);
  // The default rule allows 10 failures in 15 minutes; the 11th locks the account.
  for (let i = 0; i < 10; i++) {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(`wrong-password-${i}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Email or password' })).toHaveText('Email or password is incorrect.');
  }
  await page.getByLabel('Password').fill('still-wrong-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Too many' })).toContainText(
    'Too many failed sign-in attempts. Sign-in is locked for 15 minutes',
  );
  // Locked means locked: the right password is refused too, with the same message.
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Too many' })).toContainText('Sign-in is locked');
  await expect(page).toHaveURL(/\/signin/);

  const { csrfToken } = await (await page.request.get('/api/auth/csrf')).json();
  const res = await page.request.post('/api/auth/callback/credentials', { form: { csrfToken, email, password: PASSWORD, json: 'true' } });
  expect(res.status()).toBe(429);
  expect(Number(res.headers()['retry-after'])).toBeGreaterThan(60);
});

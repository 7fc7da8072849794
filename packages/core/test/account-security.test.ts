import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnauthorizedError, ValidationError, type Actor } from '@helpdesk/db';
import { createRedis, getQueue, jobs } from '@helpdesk/jobs';
import { startSmtpCapture, type CapturedMail, type SmtpCapture } from '@helpdesk/testkit/smtp-capture';
import {
  acceptInvitation,
  authenticateApiKey,
  beginTotpEnrolment,
  changeRole,
  checkResetToken,
  confirmSignUp,
  confirmTotpEnrolment,
  createApiKey,
  createInvitation,
  createMailTransport,
  disableTwoFactor,
  endSession,
  fieldErrors,
  getInvitation,
  regenerateRecoveryCodes,
  removeMember,
  requestPasswordReset,
  requestSignUp,
  resetPassword,
  sendAccountMail,
  sessionIsActive,
  setTwoFactorRequirement,
  signInWithPassword,
  signUp,
  signUpSchema,
  startSession,
  verifySecondFactor,
} from '../src/index';
import { RateLimitedError, RateLimiters } from '../src/rate-limit';
import { openDatabase, type CoreFixture } from './helpers';

// Real Postgres (a database of its own), real Redis (db 12, a random key prefix per run) and a real SMTP capture.
const redis = createRedis('redis://127.0.0.1:6379/12');
const prefix = `acct-test-${randomBytes(4).toString('hex')}`;
const keys = { appSecret: 'test-secret-test-secret-test-secret' };
const APP_URL = 'http://app.test';
const PASSWORD = 'correct-horse-battery';

let fx: CoreFixture;
let smtp: SmtpCapture;
let transport: ReturnType<typeof createMailTransport>;

function limiters(
  limits: ConstructorParameters<typeof RateLimiters>[1] extends infer O ? (O extends { limits?: infer L } ? L : never) : never = {},
) {
  return new RateLimiters(redis, { prefix: `${prefix}-${randomBytes(3).toString('hex')}`, limits });
}

const uniqueEmail = (label: string) => `${label}-${randomBytes(4).toString('hex')}@acct.test`;

async function owner(label: string) {
  const email = uniqueEmail(label);
  const { tenant, user } = await signUp(fx.db, { tenantName: `${label} Co`, name: 'Olive Owner', email, password: PASSWORD });
  const actor: Actor = { type: 'USER', id: user.id, tenantId: tenant.id, role: 'OWNER', name: 'Olive Owner' };
  return { tenant, user, actor, email };
}

/** Sends the queued account mail for the newest token of `email` and returns what arrived at the SMTP capture. */
async function deliverLatest(email: string): Promise<CapturedMail> {
  const row = await fx.systemDb.accountToken.findFirstOrThrow({ where: { email }, orderBy: { createdAt: 'desc' } });
  const job = await getQueue(jobs.accountMail.queue, redis).getJob(`account-mail-${row.id}`);
  // The queue carries the row id only: no token, no password hash.
  expect(job?.data).toEqual({ tokenId: row.id });
  smtp.clear();
  expect(await sendAccountMail(fx.systemDb, transport, { tokenId: row.id }, { appUrl: APP_URL, fromDomain: 'mail.test' })).toBe('sent');
  return smtp.waitFor((m) => m.envelope.to.includes(email), 5_000);
}

const linkToken = (mail: CapturedMail, path: string) =>
  new RegExp(`${APP_URL}${path}/([A-Za-z0-9_-]{40,})`).exec(mail.parsed.text ?? '')?.[1];

function codeAt(secret: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at.getTime() });
}

beforeAll(async () => {
  fx = await openDatabase();
  smtp = await startSmtpCapture();
  transport = createMailTransport(smtp.url);
});

afterAll(async () => {
  await getQueue(jobs.accountMail.queue, redis).obliterate({ force: true });
  await getQueue(jobs.accountMail.queue, redis).close();
  const stale = await redis.keys(`${prefix}*`);
  if (stale.length) await redis.del(...stale);
  redis.disconnect();
  transport.close();
  await smtp.close();
  await fx.drop();
});

describe('passwords', () => {
  it('refuses common and trivial passwords with a field error, next to every other field error', async () => {
    const parsed = signUpSchema.safeParse({ tenantName: 'Weak Co', name: 'W', email: 'not-an-email', password: '1234567890' });
    expect(parsed.success).toBe(false);
    const errors = fieldErrors(parsed.error!);
    expect(errors.email).toBe('Enter a valid email address');
    expect(errors.password).toMatch(/too easy to guess/);

    for (const weak of ['1234567890', 'password123', 'qwertyuiop', 'aaaaaaaaaaaa']) {
      const error = await signUp(fx.db, { tenantName: 'Weak Co', name: 'W', email: uniqueEmail('weak'), password: weak }).catch(
        (e: unknown) => e,
      );
      expect(error, weak).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('password');
    }
    expect(await fx.systemDb.tenant.count({ where: { name: 'Weak Co' } })).toBe(0);
  });

  it('refuses a password made of the workspace and the person’s own name', async () => {
    const parsed = signUpSchema.safeParse({ tenantName: 'Acmesupport', name: 'Ann', email: 'ann@acme.test', password: 'acmesupportann' });
    expect(parsed.success).toBe(false);
    expect(fieldErrors(parsed.error!).password).toMatch(/too close to your name, email or workspace/);
  });

  it('an invited new member must choose a strong password; an existing user enters their own', async () => {
    const { actor } = await owner('invite-weak');
    const invited = uniqueEmail('invitee');
    const { token } = await createInvitation(fx.db, actor, { email: invited, role: 'AGENT' });
    const weak = await acceptInvitation(fx.systemDb, { token, name: 'New Person', password: '1234567890' }).catch((e: unknown) => e);
    expect((weak as ValidationError).field).toBe('password');
    await expect(acceptInvitation(fx.systemDb, { token, name: 'New Person', password: 'violet-kettle-harbour' })).resolves.toMatchObject({
      email: invited,
    });
  });
});

describe('sessions end', () => {
  it('a session stops counting once ended (sign-out), while another browser’s stays', async () => {
    const { user } = await owner('signout');
    const a = await startSession(fx.systemDb, user.id, 'browser A');
    const b = await startSession(fx.systemDb, user.id, 'browser B');
    expect(await sessionIsActive(fx.systemDb, a, user.id)).toBe(true);
    await endSession(fx.systemDb, a);
    expect(await sessionIsActive(fx.systemDb, a, user.id)).toBe(false);
    expect(await sessionIsActive(fx.systemDb, b, user.id)).toBe(true);
    // A session id is bound to its user, and expires.
    expect(await sessionIsActive(fx.systemDb, b, 'someone-else')).toBe(false);
    expect(await sessionIsActive(fx.systemDb, b, user.id, new Date(Date.now() + 31 * 86_400_000))).toBe(false);
    // Only the hash is stored.
    expect(await fx.systemDb.session.count({ where: { sessionToken: b } })).toBe(0);
  });

  it('removing a member or changing their role ends their sessions; keys made by a removed admin stop working', async () => {
    const { actor, tenant } = await owner('removal');
    const adminEmail = uniqueEmail('admin');
    const { token } = await createInvitation(fx.db, actor, { email: adminEmail, role: 'ADMIN' });
    const joined = await acceptInvitation(fx.systemDb, { token, name: 'Ada Admin', password: 'violet-kettle-harbour' });
    const adminActor: Actor = { type: 'USER', id: joined.userId, tenantId: tenant.id, role: 'ADMIN', name: 'Ada Admin' };
    const { key } = await createApiKey(fx.db, adminActor, { name: 'Ada’s integration', scopes: ['tickets:read'] });
    const { key: ownerKey } = await createApiKey(fx.db, actor, { name: 'Owner’s integration', scopes: ['tickets:read'] });
    await expect(authenticateApiKey(fx.systemDb, `Bearer ${key}`)).resolves.toMatchObject({ scopes: ['tickets:read'] });
    const membership = await fx.db.membership.findFirstOrThrow({ where: { tenantId: tenant.id, userId: joined.userId } });

    const first = await startSession(fx.systemDb, joined.userId);
    await changeRole(fx.db, actor, { membershipId: membership.id, role: 'ADMIN' });
    expect(await sessionIsActive(fx.systemDb, first, joined.userId)).toBe(true);
    await changeRole(fx.db, actor, { membershipId: membership.id, role: 'AGENT' });
    expect(await sessionIsActive(fx.systemDb, first, joined.userId)).toBe(false);
    // Demoted below admin: the admin's key is revoked, the owner's is not.
    await expect(authenticateApiKey(fx.systemDb, `Bearer ${key}`)).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(authenticateApiKey(fx.systemDb, `Bearer ${ownerKey}`)).resolves.toBeDefined();

    await changeRole(fx.db, actor, { membershipId: membership.id, role: 'ADMIN' });
    const { key: second } = await createApiKey(fx.db, { ...adminActor }, { name: 'Second key', scopes: ['tickets:read'] });
    const session = await startSession(fx.systemDb, joined.userId);
    await removeMember(fx.db, actor, membership.id);
    expect(await sessionIsActive(fx.systemDb, session, joined.userId)).toBe(false);
    await expect(authenticateApiKey(fx.systemDb, `Bearer ${second}`)).rejects.toBeInstanceOf(UnauthorizedError);
    const audits = await fx.db.auditLog.findMany({ where: { tenantId: tenant.id, action: 'api_key.revoked' } });
    expect(audits).toHaveLength(2);
  });
});

describe('password reset by email', () => {
  it('mails a single-use link that ends other sessions, stores only a hash and expires', async () => {
    const { user, email } = await owner('reset');
    const deps = { redis, limiters: limiters() };
    const elsewhere = await startSession(fx.systemDb, user.id, 'stolen laptop');

    await requestPasswordReset(fx.systemDb, deps, { email: email.toUpperCase(), ip: '198.51.100.1' });
    const mail = await deliverLatest(email);
    expect(mail.parsed.subject).toBe('Reset your Helpdesk password');
    const token = linkToken(mail, '/reset-password');
    expect(token).toBeDefined();
    const row = await fx.systemDb.accountToken.findFirstOrThrow({ where: { email } });
    expect(row.tokenHash).not.toBe(token);
    expect(JSON.stringify(row)).not.toContain(token!);
    expect(await checkResetToken(fx.systemDb, token!)).toBe(true);

    const weak = await resetPassword(fx.systemDb, deps, { token: token!, password: '1234567890' }).catch((e: unknown) => e);
    expect((weak as ValidationError).field).toBe('password');
    await expect(resetPassword(fx.systemDb, deps, { token: token!, password: 'amber-lantern-orchard' })).resolves.toEqual({ email });
    expect(await sessionIsActive(fx.systemDb, elsewhere, user.id)).toBe(false);
    const limiter = new RateLimiters(redis, { prefix: `${prefix}-signin` });
    await expect(
      signInWithPassword(fx.systemDb, limiter, { email, password: 'amber-lantern-orchard', ip: '198.51.100.1' }, keys),
    ).resolves.toMatchObject({ ok: true });

    // Used once: the same link is refused, and the password stays what it was set to.
    const again = await resetPassword(fx.systemDb, deps, { token: token!, password: 'second-attempt-zebra-piano' }).catch(
      (e: unknown) => e,
    );
    expect((again as ValidationError).field).toBe('token');
    expect(await checkResetToken(fx.systemDb, token!)).toBe(false);

    // A fresh link expires after 30 minutes.
    await requestPasswordReset(fx.systemDb, deps, { email, ip: '198.51.100.1' });
    const late = linkToken(await deliverLatest(email), '/reset-password');
    expect(late).not.toBe(token);
    const expired = await resetPassword(
      fx.systemDb,
      deps,
      { token: late!, password: 'second-attempt-zebra-piano' },
      new Date(Date.now() + 31 * 60_000),
    ).catch((e: unknown) => e);
    expect(expired).toBeInstanceOf(ValidationError);
    expect((expired as ValidationError).message).toMatch(/expired or was already used/);
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const deps = { redis, limiters: limiters() };
    const nobody = uniqueEmail('nobody');
    await expect(requestPasswordReset(fx.systemDb, deps, { email: nobody, ip: '198.51.100.2' })).resolves.toBeUndefined();
    expect(await fx.systemDb.accountToken.count({ where: { email: nobody } })).toBe(0);
    const bad = await requestPasswordReset(fx.systemDb, deps, { email: 'not-an-email', ip: '198.51.100.2' }).catch((e: unknown) => e);
    expect((bad as ValidationError).field).toBe('email');
  });

  it('is rate-limited per address', async () => {
    const { email } = await owner('reset-limit');
    const deps = { redis, limiters: limiters({ passwordReset: { points: 3, durationSeconds: 3600 } }) };
    for (let i = 0; i < 3; i++) await requestPasswordReset(fx.systemDb, deps, { email, ip: `198.51.100.${10 + i}` });
    const refused = await requestPasswordReset(fx.systemDb, deps, { email, ip: '198.51.100.99' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    expect(await fx.systemDb.accountToken.count({ where: { email } })).toBe(3);
  });
});

describe('two-factor sign-in', () => {
  it('enrols with a code from the secret, then asks for a code within one 30-second step either side, once each', async () => {
    const { user, email } = await owner('totp');
    const enrol = await beginTotpEnrolment(fx.systemDb, user.id, keys);
    expect(enrol.uri).toMatch(/^otpauth:\/\/totp\/Helpdesk:/);
    expect(enrol.qrSvg).toMatch(/^<svg/);
    const stored = await fx.systemDb.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.totpPendingSecret).not.toContain(enrol.secret);

    const t0 = new Date('2026-12-02T08:00:10Z');
    const wrong = await confirmTotpEnrolment(fx.systemDb, user.id, '000000', keys, t0).catch((e: unknown) => e);
    expect((wrong as ValidationError).field).toBe('code');
    const { recoveryCodes } = await confirmTotpEnrolment(fx.systemDb, user.id, codeAt(enrol.secret, t0), keys, t0);
    expect(recoveryCodes).toHaveLength(10);

    const t1 = new Date(t0.getTime() + 120_000);
    // The phone is 30 s behind: accepted. 90 s behind: refused.
    expect(await verifySecondFactor(fx.systemDb, user.id, codeAt(enrol.secret, new Date(t1.getTime() - 30_000)), keys, t1)).toBe('totp');
    expect(await verifySecondFactor(fx.systemDb, user.id, codeAt(enrol.secret, new Date(t1.getTime() - 90_000)), keys, t1)).toBeNull();
    // A code already used (or an older one) is refused: no replay.
    const t2 = new Date(t1.getTime() + 60_000);
    const code = codeAt(enrol.secret, t2);
    expect(await verifySecondFactor(fx.systemDb, user.id, code, keys, t2)).toBe('totp');
    expect(await verifySecondFactor(fx.systemDb, user.id, code, keys, t2)).toBeNull();

    // Sign-in: the password alone is not enough.
    const limiter = limiters();
    await expect(signInWithPassword(fx.systemDb, limiter, { email, password: PASSWORD, ip: '192.0.2.1' }, keys)).resolves.toEqual({
      ok: false,
      reason: 'code_required',
    });
    const t3 = new Date(t2.getTime() + 60_000);
    await expect(
      signInWithPassword(fx.systemDb, limiter, { email, password: PASSWORD, code: '123456', ip: '192.0.2.1' }, keys, t3),
    ).resolves.toEqual({ ok: false, reason: 'code_invalid' });
    await expect(
      signInWithPassword(fx.systemDb, limiter, { email, password: PASSWORD, code: codeAt(enrol.secret, t3), ip: '192.0.2.1' }, keys, t3),
    ).resolves.toMatchObject({ ok: true, secondFactor: 'totp' });
  });

  it('recovery codes work once each and are stored only as hashes; new ones replace the old', async () => {
    const { user, email } = await owner('recovery');
    const enrol = await beginTotpEnrolment(fx.systemDb, user.id, keys);
    const now = new Date();
    const { recoveryCodes } = await confirmTotpEnrolment(fx.systemDb, user.id, codeAt(enrol.secret, now), keys, now);
    const [first, second] = recoveryCodes as [string, string];
    expect(await fx.systemDb.recoveryCode.count({ where: { userId: user.id, codeHash: first } })).toBe(0);

    const limiter = limiters();
    await expect(
      signInWithPassword(fx.systemDb, limiter, { email, password: PASSWORD, code: first.toUpperCase(), ip: '192.0.2.2' }, keys),
    ).resolves.toMatchObject({ ok: true, secondFactor: 'recovery_code' });
    await expect(
      signInWithPassword(fx.systemDb, limiter, { email, password: PASSWORD, code: first, ip: '192.0.2.2' }, keys),
    ).resolves.toEqual({ ok: false, reason: 'code_invalid' });

    const fresh = await regenerateRecoveryCodes(fx.systemDb, user.id, PASSWORD);
    expect(await verifySecondFactor(fx.systemDb, user.id, second, keys)).toBeNull();
    expect(await verifySecondFactor(fx.systemDb, user.id, fresh.recoveryCodes[0]!, keys)).toBe('recovery_code');
  });

  it('a tenant can require 2FA for owners and admins, but not before the admin setting it has it', async () => {
    const { user, actor, tenant } = await owner('require');
    const refused = await setTwoFactorRequirement(fx.db, fx.systemDb, actor, true).catch((e: unknown) => e);
    expect((refused as ValidationError).field).toBe('required');
    const enrol = await beginTotpEnrolment(fx.systemDb, user.id, keys);
    await confirmTotpEnrolment(fx.systemDb, user.id, codeAt(enrol.secret, new Date()), keys);
    await setTwoFactorRequirement(fx.db, fx.systemDb, actor, true);
    expect((await fx.systemDb.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).requireTwoFactorForAdmins).toBe(true);
    // While the rule holds, the owner cannot turn their own 2FA off.
    await expect(disableTwoFactor(fx.systemDb, user.id, PASSWORD)).rejects.toThrow(/requires two-factor sign-in/);
    expect((await fx.systemDb.user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt).not.toBeNull();
    const agent: Actor = { ...actor, role: 'AGENT' };
    await expect(setTwoFactorRequirement(fx.db, fx.systemDb, agent, false)).rejects.toThrow(/owners and admins/);
  });
});

describe('sign-in lockout', () => {
  it('locks an account after its allowed failures, says for how long, and the right password does not get through', async () => {
    const { email } = await owner('lockout');
    const limiter = limiters({ signInAccount: { points: 5, durationSeconds: 900, blockSeconds: 900 } });
    for (let i = 0; i < 5; i++) {
      await expect(
        signInWithPassword(fx.systemDb, limiter, { email, password: `wrong-${i}`, ip: `203.0.113.${i}` }, keys),
      ).resolves.toEqual({ ok: false, reason: 'invalid' });
    }
    const sixth = await signInWithPassword(fx.systemDb, limiter, { email, password: 'wrong-again', ip: '203.0.113.50' }, keys);
    expect(sixth).toMatchObject({ ok: false, reason: 'locked' });
    expect((sixth as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(800);
    await expect(signInWithPassword(fx.systemDb, limiter, { email, password: PASSWORD, ip: '203.0.113.51' }, keys)).resolves.toMatchObject({
      ok: false,
      reason: 'locked',
    });
    // An unknown address locks the same way, so a lock reveals nothing.
    const ghost = uniqueEmail('ghost');
    for (let i = 0; i < 5; i++) await signInWithPassword(fx.systemDb, limiter, { email: ghost, password: 'x', ip: '203.0.113.60' }, keys);
    await expect(
      signInWithPassword(fx.systemDb, limiter, { email: ghost, password: 'x', ip: '203.0.113.60' }, keys),
    ).resolves.toMatchObject({ reason: 'locked' });
  });

  it('limits one client address across accounts', async () => {
    const limiter = limiters({ signInIp: { points: 3, durationSeconds: 900, blockSeconds: 900 } });
    for (let i = 0; i < 3; i++)
      await signInWithPassword(fx.systemDb, limiter, { email: uniqueEmail('spray'), password: 'x', ip: '203.0.113.99' }, keys);
    await expect(
      signInWithPassword(fx.systemDb, limiter, { email: uniqueEmail('spray'), password: 'x', ip: '203.0.113.99' }, keys),
    ).resolves.toMatchObject({ reason: 'locked' });
  });
});

describe('no account enumeration', () => {
  it('sign-up answers the same for a new and a taken address; only the mailbox learns which', async () => {
    const { email: taken } = await owner('taken');
    const fresh = uniqueEmail('fresh');
    const deps = { redis, limiters: limiters() };
    const input = { tenantName: 'Enum Co', name: 'Eve', password: 'violet-kettle-harbour', ip: '192.0.2.9' };
    const a = await requestSignUp(fx.systemDb, deps, { ...input, email: taken });
    const b = await requestSignUp(fx.systemDb, deps, { ...input, email: fresh });
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect(await fx.systemDb.tenant.count({ where: { name: 'Enum Co' } })).toBe(0);

    const existingMail = await deliverLatest(taken);
    expect(existingMail.parsed.text).toContain('already has an account');
    expect(existingMail.parsed.text).toContain(`${APP_URL}/reset-password`);

    const token = linkToken(await deliverLatest(fresh), '/signup/confirm');
    const created = await confirmSignUp(fx.db, fx.systemDb, { token });
    expect(created.user.email).toBe(fresh);
    expect(created.tenant.name).toBe('Enum Co');
    const reused = await confirmSignUp(fx.db, fx.systemDb, { token }).catch((e: unknown) => e);
    expect((reused as ValidationError).field).toBe('token');
    // The chosen password works, and the pending row no longer holds its hash.
    await expect(
      signInWithPassword(fx.systemDb, limiters(), { email: fresh, password: 'violet-kettle-harbour', ip: '192.0.2.9' }, keys),
    ).resolves.toMatchObject({ ok: true });
    const row = await fx.systemDb.accountToken.findFirstOrThrow({ where: { email: fresh } });
    expect(JSON.stringify(row.payload)).not.toContain('argon2');
  });

  it('sign-up is rate-limited per client address', async () => {
    const deps = { redis, limiters: limiters({ signUpIp: { points: 2, durationSeconds: 3600 } }) };
    const input = { tenantName: 'Spam Co', name: 'Sam', password: 'violet-kettle-harbour', ip: '192.0.2.77' };
    await requestSignUp(fx.systemDb, deps, { ...input, email: uniqueEmail('s1') });
    await requestSignUp(fx.systemDb, deps, { ...input, email: uniqueEmail('s2') });
    await expect(requestSignUp(fx.systemDb, deps, { ...input, email: uniqueEmail('s3') })).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('the invitation page does not say whether the invited email has an account', async () => {
    const { actor } = await owner('invite-enum');
    const { email: other } = await owner('other');
    const forExisting = await createInvitation(fx.db, actor, { email: other, role: 'AGENT' });
    const forNew = await createInvitation(fx.db, actor, { email: uniqueEmail('new'), role: 'AGENT' });
    const a = await getInvitation(fx.systemDb, forExisting.token);
    const b = await getInvitation(fx.systemDb, forNew.token);
    expect(Object.keys(a!).sort()).toEqual(['email', 'role', 'tenantName']);
    expect(Object.keys(b!).sort()).toEqual(['email', 'role', 'tenantName']);
  });
});

import { describe, expect, it } from 'vitest';
import { UnauthorizedError, ValidationError, type Actor } from '@helpdesk/db';
import {
  acceptInvitation,
  authenticateApiKey,
  changeRole,
  checkResetToken,
  createApiKey,
  createInvitation,
  endSession,
  fieldErrors,
  removeMember,
  requestPasswordReset,
  resetPassword,
  sessionIsActive,
  signInWithPassword,
  signUp,
  signUpSchema,
  startSession,
} from '../src/index';
import { RateLimitedError } from '../src/rate-limit';
import { deliverLatest, fx, keys, limiters, linkToken, owner, redis, uniqueEmail, useAccountWorld } from './account-world';

// Passwords, sessions and password resets: what keeps an account's password and its sessions in the owner's hands.
useAccountWorld();

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
    const limiter = limiters();
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

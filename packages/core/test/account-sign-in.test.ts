import { describe, expect, it } from 'vitest';
import { ValidationError, type Actor } from '@helpdesk/db';
import {
  beginTotpEnrolment,
  confirmSignUp,
  confirmTotpEnrolment,
  createInvitation,
  disableTwoFactor,
  getInvitation,
  regenerateRecoveryCodes,
  requestSignUp,
  setTwoFactorRequirement,
  signInWithPassword,
  verifySecondFactor,
} from '../src/index';
import { RateLimitedError } from '../src/rate-limit';
import {
  APP_URL,
  codeAt,
  deliverLatest,
  fx,
  keys,
  limiters,
  linkToken,
  owner,
  PASSWORD,
  redis,
  uniqueEmail,
  useAccountWorld,
} from './account-world';

// Signing in: a second factor, lockouts, and answers that do not say which addresses have an account.
useAccountWorld();

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

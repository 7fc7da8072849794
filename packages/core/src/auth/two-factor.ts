import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomInt } from 'node:crypto';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  can,
  rolesWith,
  type Actor,
  type Db,
  type SystemClient,
} from '@helpdesk/db';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { writeAudit } from '../audit';
import { verifyPassword } from './password';
import { endUserSessions } from './sessions';

const ISSUER = 'Helpdesk';
const PERIOD_SECONDS = 30;
/** One step either side: a phone clock 30 s off, or a code typed as it rolled over, still works. */
export const TOTP_WINDOW = 1;
export const RECOVERY_CODE_COUNT = 10;

/** Where 2FA secrets are sealed: a key derived from the app secret (NEXTAUTH_SECRET), never stored. */
export interface TwoFactorKeys {
  appSecret: string;
}

function sealingKey(keys: TwoFactorKeys): Buffer {
  return Buffer.from(hkdfSync('sha256', keys.appSecret, 'helpdesk', 'totp-secret v1', 32));
}

export function sealSecret(plain: string, keys: TwoFactorKeys): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(keys), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

export function openSecret(sealed: string, keys: TwoFactorKeys): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || !body) throw new Error('Unreadable 2FA secret');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(keys), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

function totpFor(base32: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(base32) });
}

/** The 30-second step a valid code belongs to, or null; `now` is the server clock. */
function matchingStep(base32: string, code: string, now: Date): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(base32, 'x').validate({ token, timestamp: now.getTime(), window: TOTP_WINDOW });
  return delta === null ? null : TOTP.counter({ period: PERIOD_SECONDS, timestamp: now.getTime() }) + delta;
}

const normaliseRecoveryCode = (code: string) => code.toLowerCase().replace(/[^a-z0-9]/g, '');
const hashRecoveryCode = (code: string) => createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex');
// No 0/o, 1/l/i: codes are read off paper.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

export async function twoFactorStatus(db: SystemClient, userId: string) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { totpEnabledAt: true } });
  if (!user) throw new NotFoundError('User');
  const recoveryCodesLeft = await db.recoveryCode.count({ where: { userId, usedAt: null } });
  return { enabled: user.totpEnabledAt !== null, enabledAt: user.totpEnabledAt, recoveryCodesLeft };
}

/**
 * Starts enrolment: a fresh secret, kept sealed and pending until a code from the authenticator confirms it.
 * The secret is shown this once (as a QR code and as text for typing in).
 */
export async function beginTotpEnrolment(db: SystemClient, userId: string, keys: TwoFactorKeys) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, totpEnabledAt: true } });
  if (!user) throw new NotFoundError('User');
  if (user.totpEnabledAt) throw new ConflictError('Two-factor sign-in is already on; turn it off first to use a new authenticator');
  const secret = new Secret({ size: 20 }).base32;
  await db.user.update({ where: { id: userId }, data: { totpPendingSecret: sealSecret(secret, keys) } });
  const uri = totpFor(secret, user.email).toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return { secret, uri, qrSvg };
}

/** Confirms enrolment with a code from the new authenticator; returns the recovery codes, shown once. */
export async function confirmTotpEnrolment(db: SystemClient, userId: string, code: string, keys: TwoFactorKeys, now = new Date()) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { totpPendingSecret: true, totpEnabledAt: true } });
  if (!user) throw new NotFoundError('User');
  if (user.totpEnabledAt) throw new ConflictError('Two-factor sign-in is already on');
  if (!user.totpPendingSecret) throw new ValidationError('code', 'Start the set-up again: no authenticator is waiting to be confirmed');
  const step = matchingStep(openSecret(user.totpPendingSecret, keys), code, now);
  if (step === null) throw new ValidationError('code', 'That code is not right. Enter the 6 digits your authenticator app shows now');
  const codes = newRecoveryCodes();
  await db.$transaction([
    db.user.update({
      where: { id: userId },
      data: { totpSecret: user.totpPendingSecret, totpPendingSecret: null, totpEnabledAt: now, totpLastStep: step },
    }),
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) }),
  ]);
  return { recoveryCodes: codes };
}

export type SecondFactor = 'totp' | 'recovery_code';

/**
 * Checks a sign-in's second factor: a current TOTP code (each step accepted once, so a code seen over a shoulder
 * cannot be replayed) or an unused recovery code (spent by this call). Null when neither matches.
 */
export async function verifySecondFactor(
  db: SystemClient,
  userId: string,
  code: string,
  keys: TwoFactorKeys,
  now = new Date(),
): Promise<SecondFactor | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { totpSecret: true, totpEnabledAt: true } });
  if (!user?.totpSecret || !user.totpEnabledAt) return null;
  const step = matchingStep(openSecret(user.totpSecret, keys), code, now);
  if (step !== null) {
    const { count } = await db.user.updateMany({
      where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return count === 1 ? 'totp' : null;
  }
  const normalised = normaliseRecoveryCode(code);
  if (normalised.length !== 10) return null;
  const { count } = await db.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(normalised), usedAt: null },
    data: { usedAt: now },
  });
  return count === 1 ? 'recovery_code' : null;
}

/** New recovery codes replace the old ones (all of them stop working); needs the password. */
export async function regenerateRecoveryCodes(db: SystemClient, userId: string, password: string) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true, totpEnabledAt: true } });
  if (!user) throw new NotFoundError('User');
  if (!user.totpEnabledAt) throw new ConflictError('Turn on two-factor sign-in first');
  if (!(await verifyPassword(user.passwordHash, password))) throw new ValidationError('password', 'This is not your current password');
  const codes = newRecoveryCodes();
  await db.$transaction([
    db.recoveryCode.deleteMany({ where: { userId } }),
    db.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) }),
  ]);
  return { recoveryCodes: codes };
}

/**
 * Turns 2FA off with the password. Refused while a workspace where the user is an owner or admin requires it,
 * so nobody signs themselves out of a rule their workspace set.
 */
export async function disableTwoFactor(db: SystemClient, userId: string, password: string, currentSid?: string) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true, totpEnabledAt: true } });
  if (!user) throw new NotFoundError('User');
  if (!(await verifyPassword(user.passwordHash, password))) throw new ValidationError('password', 'This is not your current password');
  const requiring = await db.membership.findFirst({
    where: { userId, role: { in: rolesWith('admin.settings') }, tenant: { requireTwoFactorForAdmins: true } },
    select: { tenant: { select: { name: true } } },
  });
  if (requiring) throw new ConflictError(`${requiring.tenant.name} requires two-factor sign-in for owners and admins`, 'password');
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null } }),
    db.recoveryCode.deleteMany({ where: { userId } }),
  ]);
  await endUserSessions(db, userId, currentSid);
}

/** The workspace's name and whether it requires 2FA of owners and admins (the account page explains the rule). */
export async function twoFactorRequirement(
  db: SystemClient,
  tenantId: string,
): Promise<{ name: string; requireTwoFactorForAdmins: boolean } | null> {
  return db.tenant.findUnique({ where: { id: tenantId }, select: { name: true, requireTwoFactorForAdmins: true } });
}

/** Owners and admins of this tenant must have 2FA on; the admin setting it must have it already (no self-lockout). */
export async function setTwoFactorRequirement(db: Db, sys: SystemClient, actor: Actor, required: boolean) {
  if (!can(actor, 'admin.settings') || actor.type !== 'USER' || !actor.id)
    throw new ForbiddenError('Only owners and admins can change sign-in rules');
  if (required) {
    const me = await sys.user.findUnique({ where: { id: actor.id }, select: { totpEnabledAt: true } });
    if (!me?.totpEnabledAt) throw new ValidationError('required', 'Turn on two-factor sign-in for your own account first');
  }
  await db.$transaction(async (tx) => {
    const before = await tx.tenant.findUniqueOrThrow({ where: { id: actor.tenantId }, select: { requireTwoFactorForAdmins: true } });
    await tx.tenant.update({ where: { id: actor.tenantId }, data: { requireTwoFactorForAdmins: required } });
    await writeAudit(tx, actor, {
      entityType: 'Tenant',
      entityId: actor.tenantId,
      action: 'tenant.two_factor_requirement',
      changes: { requireTwoFactorForAdmins: { from: before.requireTwoFactorForAdmins, to: required } },
    });
  });
}

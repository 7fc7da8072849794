import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  ConflictError,
  NotFoundError,
  ValidationError,
  parseInput,
  isUniqueViolation,
  type Db,
  type Prisma,
  type SystemClient,
} from '@helpdesk/db';
import { enqueue } from '@helpdesk/jobs';
import { z } from 'zod';
import type { MailTransport } from '../outbound-mail';
import type { RateLimiters } from '../rate-limit';
import { emailField, newPasswordField, refuseRelatedPassword } from './input';
import { hashPassword } from './password';
import { endUserSessions } from './sessions';
import { ACCOUNT_EXISTS, createWorkspaceTx, signUpSchema, type SignUpInput, type WorkspaceData } from './sign-up';

/** Long enough to reach the inbox and click, short enough that an old mail is useless. */
export const RESET_TOKEN_MINUTES = 30;
export const SIGN_UP_TOKEN_HOURS = 24;

const hashAccountToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface AccountTokenDeps {
  redis: Redis;
  limiters: RateLimiters;
}

const tokenField = z
  .string({ error: 'The link is incomplete' })
  .min(20, { error: 'The link is incomplete' })
  .max(200, { error: 'The link is not valid' });

export const requestResetSchema = z.object({ email: emailField });

/**
 * Mails a reset link if the address has an account, and answers the same either way (so the form reveals nothing).
 * Limited per address and per client; the mail goes out through the mail queue.
 */
export async function requestPasswordReset(
  db: SystemClient,
  deps: AccountTokenDeps,
  input: { email: unknown; ip: string },
  now = new Date(),
): Promise<void> {
  const { email } = parseInput(requestResetSchema, { email: input.email });
  await deps.limiters.consume('passwordReset', `email:${email}`);
  await deps.limiters.consume('passwordReset', `ip:${input.ip}`);
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (!user) return;
  const row = await db.accountToken.create({
    data: { purpose: 'PASSWORD_RESET', email, userId: user.id, expiresAt: new Date(now.getTime() + RESET_TOKEN_MINUTES * 60_000) },
    select: { id: true },
  });
  await enqueue(deps.redis, 'accountMail', { tokenId: row.id });
}

const INVALID_RESET = 'This reset link has expired or was already used. Ask for a new one';

async function openToken(db: SystemClient, purpose: 'PASSWORD_RESET' | 'SIGN_UP', token: string, now: Date) {
  const row = await db.accountToken.findUnique({ where: { tokenHash: hashAccountToken(token) } });
  if (!row || row.purpose !== purpose || row.usedAt || row.expiresAt <= now) return null;
  return row;
}

/** For the reset page: whether the link still works, without using it. */
export async function checkResetToken(db: SystemClient, token: string, now = new Date()): Promise<boolean> {
  return (await openToken(db, 'PASSWORD_RESET', token, now)) !== null;
}

export const resetPasswordSchema = z.object({ token: tokenField, password: newPasswordField });

/**
 * Sets a new password with a mailed token. The token works once and expires; using it ends every session of the
 * account (whoever had the old password is signed out), spends the account's other reset links and clears its lock.
 */
export async function resetPassword(
  db: SystemClient,
  deps: Pick<AccountTokenDeps, 'limiters'>,
  input: z.input<typeof resetPasswordSchema>,
  now = new Date(),
) {
  const data = parseInput(resetPasswordSchema, input);
  const row = await openToken(db, 'PASSWORD_RESET', data.token, now);
  if (!row?.userId) throw new ValidationError('token', INVALID_RESET);
  const user = await db.user.findUnique({ where: { id: row.userId }, select: { id: true, email: true, name: true } });
  if (!user) throw new ValidationError('token', INVALID_RESET);
  const related = z
    .object({ password: z.string() })
    .superRefine((d, ctx) => refuseRelatedPassword(d.password, [user.email, user.name], ctx));
  parseInput(related, { password: data.password });
  const passwordHash = await hashPassword(data.password);
  await db.$transaction(async (tx) => {
    // Claimed first: two tabs submitting one link cannot both set a password.
    const claimed = await tx.accountToken.updateMany({
      where: { id: row.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) throw new ValidationError('token', INVALID_RESET);
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    await tx.accountToken.updateMany({ where: { userId: user.id, purpose: 'PASSWORD_RESET', usedAt: null }, data: { usedAt: now } });
    await endUserSessions(tx, user.id);
  });
  await deps.limiters.reset('signInAccount', user.email);
  return { email: user.email };
}

/**
 * Starts a sign-up: validates it, then mails the address either a confirmation link (new address) or a note that it
 * already has an account. The answer is the same in both cases, so sign-up no longer tells anyone who has an account.
 */
export async function requestSignUp(db: SystemClient, deps: AccountTokenDeps, input: SignUpInput & { ip: string }, now = new Date()) {
  const data = parseInput(signUpSchema, input);
  await deps.limiters.consume('signUpIp', input.ip);
  // Hashed in both branches so the answer takes as long whether or not the account exists.
  const passwordHash = await hashPassword(data.password);
  const existing = await db.user.findUnique({ where: { email: data.email }, select: { id: true } });
  const expiresAt = new Date(now.getTime() + SIGN_UP_TOKEN_HOURS * 3_600_000);
  const payload: WorkspaceData = { tenantName: data.tenantName, name: data.name, email: data.email, passwordHash };
  const row = existing
    ? await db.accountToken.create({
        data: { purpose: 'SIGN_UP_EXISTING', email: data.email, userId: existing.id, expiresAt },
        select: { id: true },
      })
    : await db.accountToken.create({
        data: { purpose: 'SIGN_UP', email: data.email, payload: payload as unknown as Prisma.InputJsonValue, expiresAt },
        select: { id: true },
      });
  await enqueue(deps.redis, 'accountMail', { tokenId: row.id });
  return { email: data.email };
}

export const confirmSignUpSchema = z.object({ token: tokenField });
const INVALID_SIGN_UP = 'This link has expired or was already used. Sign up again';

/** Creates the workspace a confirmation link stands for; the link works once. */
export async function confirmSignUp(db: Db, sys: SystemClient, input: { token: unknown }, now = new Date()) {
  const { token } = parseInput(confirmSignUpSchema, input);
  const row = await openToken(sys, 'SIGN_UP', token, now);
  if (!row?.payload) throw new ValidationError('token', INVALID_SIGN_UP);
  const data = row.payload as unknown as WorkspaceData;
  try {
    return await db.$transaction(async (tx) => {
      const claimed = await tx.accountToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
      if (claimed.count !== 1) throw new ValidationError('token', INVALID_SIGN_UP);
      const created = await createWorkspaceTx(tx, data);
      // The password hash is not needed once the account holds it.
      await tx.accountToken.update({ where: { id: row.id }, data: { payload: { tenantName: data.tenantName } } });
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(ACCOUNT_EXISTS, 'token');
    throw error;
  }
}

export interface AccountMailOptions {
  /** The web app's public URL (NEXTAUTH_URL), for the links in the mail. */
  appUrl: string;
  fromDomain: string;
}

/**
 * Sends one account mail. The link's token is made here and only its hash stored, so the raw token exists nowhere
 * but in the mail (not in the database, not in the queue). A retry after a failed send makes a new token.
 */
export async function sendAccountMail(
  db: SystemClient,
  transport: MailTransport,
  job: { tokenId: string },
  options: AccountMailOptions,
  now = new Date(),
) {
  const row = await db.accountToken.findUnique({ where: { id: job.tokenId } });
  if (!row) throw new NotFoundError('Account token');
  if (row.mailedAt) return 'already_sent' as const;
  if (row.usedAt || row.expiresAt <= now) return 'not_sendable' as const;
  const base = options.appUrl.replace(/\/+$/, '');
  let subject: string;
  let text: string;
  if (row.purpose === 'SIGN_UP_EXISTING') {
    subject = 'You already have a Helpdesk account';
    text = [
      'Someone, hopefully you, tried to create a Helpdesk workspace with this email address, which already has an account.',
      '',
      `Sign in: ${base}/signin`,
      `Forgot your password? Reset it: ${base}/reset-password`,
      '',
      'If this was not you, you can ignore this message; nothing was changed.',
    ].join('\n');
  } else {
    const token = randomBytes(32).toString('base64url');
    await db.accountToken.update({ where: { id: row.id }, data: { tokenHash: hashAccountToken(token) } });
    if (row.purpose === 'PASSWORD_RESET') {
      subject = 'Reset your Helpdesk password';
      text = [
        'To choose a new password, open this link:',
        '',
        `${base}/reset-password/${token}`,
        '',
        `The link works once and expires in ${RESET_TOKEN_MINUTES} minutes. Using it signs you out everywhere else.`,
        'If you did not ask for this, ignore this message; your password stays as it is.',
      ].join('\n');
    } else {
      subject = 'Confirm your email to create your Helpdesk workspace';
      text = [
        'To finish creating your workspace, open this link:',
        '',
        `${base}/signup/confirm/${token}`,
        '',
        `The link works once and expires in ${SIGN_UP_TOKEN_HOURS} hours. If you did not sign up, ignore this message.`,
      ].join('\n');
    }
  }
  await transport.sendMail({ from: { name: 'Helpdesk', address: `no-reply@${options.fromDomain}` }, to: row.email, subject, text });
  await db.accountToken.update({ where: { id: row.id }, data: { mailedAt: new Date() } });
  return 'sent' as const;
}

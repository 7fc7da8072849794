import type { SystemClient } from '@helpdesk/db';
import { RateLimitedError, type RateLimiters } from '../rate-limit';
import { authenticate, type AuthenticatedUser } from './authenticate';
import { verifySecondFactor, type TwoFactorKeys } from './two-factor';

export interface SignInAttempt {
  email: string;
  password: string;
  /** A TOTP code or a recovery code, when the account has two-factor sign-in. */
  code?: string | null;
  ip: string;
}

export type SignInResult =
  | { ok: true; user: AuthenticatedUser; secondFactor: 'none' | 'totp' | 'recovery_code' }
  | { ok: false; reason: 'invalid' | 'code_required' | 'code_invalid' }
  | { ok: false; reason: 'locked'; retryAfterSeconds: number };

const locked = (error: RateLimitedError): SignInResult => ({ ok: false, reason: 'locked', retryAfterSeconds: error.retryAfterSeconds });

/**
 * Password, then second factor. Failed passwords and failed codes count against the account (by email, known or not,
 * so a lock reveals nothing) and against the client address; a success clears the account's count.
 */
export async function signInWithPassword(
  db: SystemClient,
  limiters: RateLimiters,
  attempt: SignInAttempt,
  keys: TwoFactorKeys,
  now = new Date(),
): Promise<SignInResult> {
  const account = attempt.email.trim().toLowerCase();
  /** Checks or spends both limits, this account's and this address's; a limit used up answers as locked. */
  const limits = async (step: 'check' | 'consume'): Promise<SignInResult | null> => {
    try {
      await limiters[step]('signInAccount', account);
      await limiters[step]('signInIp', attempt.ip);
      return null;
    } catch (error) {
      if (error instanceof RateLimitedError) return locked(error);
      throw error;
    }
  };
  const blocked = await limits('check');
  if (blocked) return blocked;
  const failed = async (reason: 'invalid' | 'code_invalid'): Promise<SignInResult> => (await limits('consume')) ?? { ok: false, reason };

  const user = await authenticate(db, account, attempt.password);
  if (!user) return failed('invalid');
  const { totpEnabledAt } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { totpEnabledAt: true } });
  let secondFactor: 'none' | 'totp' | 'recovery_code' = 'none';
  if (totpEnabledAt) {
    if (!attempt.code?.trim()) return { ok: false, reason: 'code_required' };
    const used = await verifySecondFactor(db, user.id, attempt.code, keys, now);
    if (!used) return failed('code_invalid');
    secondFactor = used;
  }
  await limiters.reset('signInAccount', account);
  return { ok: true, user, secondFactor };
}

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
  try {
    await limiters.check('signInAccount', account);
    await limiters.check('signInIp', attempt.ip);
  } catch (error) {
    if (error instanceof RateLimitedError) return locked(error);
    throw error;
  }
  const failed = async (reason: 'invalid' | 'code_invalid'): Promise<SignInResult> => {
    try {
      await limiters.consume('signInAccount', account);
      await limiters.consume('signInIp', attempt.ip);
    } catch (error) {
      if (error instanceof RateLimitedError) return locked(error);
      throw error;
    }
    return { ok: false, reason };
  };

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

import argon2 from 'argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export async function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

// Verified against when the email is unknown, so that a miss costs as long as a wrong password.
let decoy: Promise<string> | undefined;

export async function verifyPassword(hash: string | null | undefined, password: string): Promise<boolean> {
  if (!hash) {
    decoy ??= hashPassword('decoy-password-never-matches');
    await argon2.verify(await decoy, password).catch(() => false);
    return false;
  }
  return argon2.verify(hash, password).catch(() => false);
}

// zxcvbn's common passwords, names, keyboard patterns and sequences (the field's usual estimator); built once, on first use.
let estimator: ZxcvbnFactory | undefined;

/** Scores 0–4; 3 is "safely unguessable" against an offline attack on a slow hash, the bar we ask for. */
export const MIN_PASSWORD_SCORE = 3;

/**
 * Null when the password is strong enough, else a plain-words reason. `related` holds what an attacker would try
 * first for this person (email, name, workspace), so "acme-support-2024" is weak for Acme Support.
 */
export function weakPasswordReason(password: string, related: readonly string[] = []): string | null {
  estimator ??= new ZxcvbnFactory({ graphs: adjacencyGraphs, dictionary });
  const inputs = related.flatMap((r) => [r, ...r.toLowerCase().split(/[^a-z0-9]+/)]).filter((r) => r.length >= 3);
  const { score } = estimator.check(password, inputs);
  if (score >= MIN_PASSWORD_SCORE) return null;
  return 'This password is too easy to guess. Use a longer phrase of unrelated words, not names, dates, sequences or common passwords';
}

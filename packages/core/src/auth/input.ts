import { z } from 'zod';
import { weakPasswordReason } from './password';

export const emailField = z
  .string({ error: 'Enter an email address' })
  .trim()
  .toLowerCase()
  // RFC 5321's limit; the inputs say maxLength={254} too.
  .max(254, { error: 'Use at most 254 characters' })
  .pipe(z.email({ error: 'Enter a valid email address' }));

export const passwordField = z
  .string({ error: 'Enter a password' })
  .min(10, { error: 'Use at least 10 characters' })
  .max(200, { error: 'Use at most 200 characters' });

/** A password being chosen: long enough and not guessable (checked against common passwords and patterns). */
export const newPasswordField = passwordField.superRefine((password, ctx) => {
  const reason = password.length >= 10 ? weakPasswordReason(password) : null;
  if (reason) ctx.addIssue({ code: 'custom', message: reason });
});

/** The password again, compared with what else the form says about the person; a no-op for a password already refused. */
export function refuseRelatedPassword(password: string, related: readonly string[], ctx: z.RefinementCtx, path = 'password'): void {
  if (password.length < 10 || weakPasswordReason(password) !== null) return;
  const reason = weakPasswordReason(password, related);
  if (reason) ctx.addIssue({ code: 'custom', path: [path], message: 'This password is too close to your name, email or workspace name' });
}

export const nameField = z
  .string({ error: 'Enter your name' })
  .trim()
  .min(1, { error: 'Enter your name' })
  .max(100, { error: 'Use at most 100 characters' });

'use server';

import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { requestPasswordReset, requestResetSchema, resetPassword, resetPasswordSchema } from '@helpdesk/core/auth/index';
import { RateLimitedError, clientIp } from '@helpdesk/core/rate-limit';
import { rateLimiters, redis, systemDb } from '@/lib/clients';
import { failure, invalid, type FormState } from '@/lib/form-state';

const tooMany = (error: RateLimitedError): FormState => ({
  ok: false,
  message: `Too many reset requests. Try again in ${Math.ceil(error.retryAfterSeconds / 60)} minutes.`,
});

/** Answers the same whether or not the address has an account. */
export async function requestResetAction(form: FormData): Promise<FormState & { email?: string }> {
  const parsed = requestResetSchema.safeParse({ email: String(form.get('email') ?? '') });
  if (!parsed.success) return invalid(parsed.error);
  try {
    await requestPasswordReset(systemDb(), { redis: redis(), limiters: rateLimiters() }, { email: parsed.data.email, ip: clientIp(await headers()) });
    return { ok: true, email: parsed.data.email };
  } catch (error) {
    return error instanceof RateLimitedError ? tooMany(error) : failure(error);
  }
}

export async function resetPasswordAction(form: FormData): Promise<FormState> {
  const parsed = resetPasswordSchema.safeParse({ token: String(form.get('token') ?? ''), password: String(form.get('password') ?? '') });
  if (!parsed.success) return invalid(parsed.error);
  try {
    await resetPassword(systemDb(), { limiters: rateLimiters() }, parsed.data);
  } catch (error) {
    return failure(error);
  }
  redirect('/signin?notice=reset');
}

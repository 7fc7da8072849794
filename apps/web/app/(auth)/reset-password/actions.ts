'use server';

import { headers } from 'next/headers';
import { requestPasswordReset, requestResetSchema, resetPassword, resetPasswordSchema } from '@helpdesk/core/auth';
import { RateLimitedError, clientIp } from '@helpdesk/core/rate-limit';
import { publicAction } from '@/lib/action';
import { rateLimiters, redis, systemDb } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

/** Answers the same whether or not the address has an account. */
export async function requestResetAction(form: FormData): Promise<FormState & { email?: string }> {
  return publicAction({ input: requestResetSchema }, { email: String(form.get('email') ?? '') }, async ({ email }) => {
    try {
      await requestPasswordReset(systemDb(), { redis: redis(), limiters: rateLimiters() }, { email, ip: clientIp(await headers()) });
      return { email };
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      return { ok: false, message: `Too many reset requests. Try again in ${Math.ceil(error.retryAfterSeconds / 60)} minutes.` };
    }
  });
}

export async function resetPasswordAction(form: FormData): Promise<FormState> {
  const input = { token: String(form.get('token') ?? ''), password: String(form.get('password') ?? '') };
  return publicAction({ input: resetPasswordSchema, redirect: '/signin?notice=reset' }, input, async (data) => {
    await resetPassword(systemDb(), { limiters: rateLimiters() }, data);
    return {};
  });
}

'use server';

import { headers } from 'next/headers';
import { requestSignUp, signUpSchema } from '@helpdesk/core/auth';
import { RateLimitedError, clientIp } from '@helpdesk/core/rate-limit';
import { publicAction } from '@/lib/action';
import { rateLimiters, redis, systemDb } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

export async function signUpAction(form: FormData): Promise<FormState & { email?: string }> {
  const input = {
    tenantName: String(form.get('tenantName') ?? ''),
    name: String(form.get('name') ?? ''),
    email: String(form.get('email') ?? ''),
    password: String(form.get('password') ?? ''),
  };
  // Parsed up front for the field errors; the domain gets the raw input (it parses again, and hashes the password).
  return publicAction({ input: signUpSchema }, input, async () => {
    try {
      // The same answer whether or not the email has an account: the mail tells its owner which.
      const { email } = await requestSignUp(
        systemDb(),
        { redis: redis(), limiters: rateLimiters() },
        { ...input, ip: clientIp(await headers()) },
      );
      return { email };
    } catch (error) {
      if (!(error instanceof RateLimitedError)) throw error;
      return {
        ok: false,
        message: `Too many sign-ups from your network. Try again in ${Math.ceil(error.retryAfterSeconds / 60)} minutes.`,
      };
    }
  });
}

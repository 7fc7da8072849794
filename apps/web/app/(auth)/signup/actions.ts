'use server';

import { signUp, signUpSchema } from '@helpdesk/core/auth/index';
import { db } from '@/lib/clients';
import { failure, invalid, type FormState } from '@/lib/form-state';

export async function signUpAction(form: FormData): Promise<FormState> {
  const input = {
    tenantName: String(form.get('tenantName') ?? ''),
    name: String(form.get('name') ?? ''),
    email: String(form.get('email') ?? ''),
    password: String(form.get('password') ?? ''),
  };
  const parsed = signUpSchema.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  try {
    await signUp(db(), parsed.data);
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

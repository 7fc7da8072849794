'use server';

import { redirect } from 'next/navigation';
import { confirmSignUp } from '@helpdesk/core/auth/index';
import { db, systemDb } from '@/lib/clients';
import { failure, type FormState } from '@/lib/form-state';

export async function confirmSignUpAction(_state: FormState, form: FormData): Promise<FormState> {
  try {
    await confirmSignUp(db(), systemDb(), { token: String(form.get('token') ?? '') });
  } catch (error) {
    const state = failure(error);
    return { ok: false, message: state.message ?? Object.values(state.errors ?? {})[0] };
  }
  redirect('/signin?notice=created');
}

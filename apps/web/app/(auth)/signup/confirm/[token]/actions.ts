'use server';

import { z } from 'zod';
import { confirmSignUp } from '@helpdesk/core/auth';
import { publicAction } from '@/lib/action';
import { db, systemDb } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

const confirmForm = z.object({ token: z.string().default('') });

export async function confirmSignUpAction(_state: FormState, form: FormData): Promise<FormState> {
  const state = await publicAction({ input: confirmForm, redirect: '/signin?notice=created' }, form, async (data) => {
    await confirmSignUp(db(), systemDb(), data);
    return {};
  });
  // The page has no field to show an error next to: the token's problem is the form's message.
  return state.ok ? state : { ok: false, message: state.message ?? Object.values(state.errors ?? {})[0] };
}

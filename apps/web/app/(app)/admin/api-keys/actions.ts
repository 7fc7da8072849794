'use server';

import { revalidatePath } from 'next/cache';
import { createApiKey, createApiKeyInput, revokeApiKey } from '@helpdesk/core/api-keys';
import { db } from '@/lib/clients';
import { failure, invalid, type FormState } from '@/lib/form-state';
import { memberActor, requireMember } from '@/lib/session';

const ADMINS = ['OWNER', 'ADMIN'] as const;

export type CreateKeyState = FormState & { key?: string; name?: string };

/** An error on one picked scope (`scopes.1`) belongs next to the scopes group. */
function byField(state: FormState): FormState {
  if (!state.errors) return state;
  const errors: Record<string, string> = {};
  for (const [field, message] of Object.entries(state.errors)) errors[field.split('.')[0]!] ??= message;
  return { ...state, errors };
}

export async function createApiKeyAction(form: FormData): Promise<CreateKeyState> {
  const member = await requireMember(ADMINS);
  const parsed = createApiKeyInput.safeParse({ name: form.get('name') ?? '', scopes: form.getAll('scopes') });
  if (!parsed.success) return byField(invalid(parsed.error));
  try {
    const { key, apiKey } = await createApiKey(db(), memberActor(member), parsed.data);
    revalidatePath('/admin/api-keys');
    return { ok: true, key, name: apiKey.name };
  } catch (error) {
    return byField(failure(error));
  }
}

export async function revokeApiKeyAction(apiKeyId: string): Promise<FormState> {
  const member = await requireMember(ADMINS);
  try {
    await revokeApiKey(db(), memberActor(member), apiKeyId);
    revalidatePath('/admin/api-keys');
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

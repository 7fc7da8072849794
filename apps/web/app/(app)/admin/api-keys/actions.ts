'use server';

import { z } from 'zod';
import { createApiKey, createApiKeyInput, revokeApiKey } from '@helpdesk/core/api-keys';
import { memberAction } from '@/lib/action';
import { db } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

const PATH = '/admin/api-keys';

export type CreateKeyState = FormState & { key?: string; name?: string };

// An error on one picked scope (`scopes.1`) also lands on `scopes`, the group the form shows it next to.
export async function createApiKeyAction(form: FormData): Promise<CreateKeyState> {
  const input = { name: form.get('name') ?? '', scopes: form.getAll('scopes') };
  return memberAction('admin.apiKeys', { input: createApiKeyInput, revalidate: PATH }, input, async (data, { actor }) => {
    const { key, apiKey } = await createApiKey(db(), actor, data);
    return { key, name: apiKey.name };
  });
}

export async function revokeApiKeyAction(apiKeyId: string): Promise<FormState> {
  return memberAction('admin.apiKeys', { input: z.string(), revalidate: PATH }, apiKeyId, async (id, { actor }) => {
    await revokeApiKey(db(), actor, id);
    return {};
  });
}

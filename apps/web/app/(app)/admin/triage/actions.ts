'use server';

import { z } from 'zod';
import { categoryInput, createCategory, deleteCategory, requestTrainingNow, rollback, updateCategory } from '@helpdesk/classifier';
import { memberAction } from '@/lib/action';
import { db, redis } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

const PATH = '/admin/triage';

export async function createCategoryAction(form: FormData): Promise<FormState> {
  const input = { key: form.get('key') ?? '', name: form.get('name') ?? '', description: form.get('description') ?? '' };
  return memberAction('admin.settings', { input: categoryInput, revalidate: PATH }, input, async (data, { actor }) => {
    await createCategory(db(), actor, data);
    return {};
  });
}

const updateForm = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1, 'Give the category a name').max(80, 'Use at most 80 characters'),
  active: z.boolean(),
});

export async function updateCategoryAction(_prev: FormState, form: FormData): Promise<FormState> {
  const input = { id: form.get('id') ?? '', name: form.get('name') ?? '', active: form.get('active') === 'on' };
  return memberAction('admin.settings', { input: updateForm, revalidate: PATH }, input, async ({ id, name, active }, { actor }) => {
    await updateCategory(db(), actor, id, { name, active });
    return {};
  });
}

const categoryId = z.object({ id: z.string().default('') });

export async function deleteCategoryAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('admin.settings', { input: categoryId, revalidate: PATH }, form, async (data, { actor }) => {
    const outcome = await deleteCategory(db(), actor, data.id);
    return { message: outcome === 'deactivated' ? 'Tickets use this category, so it was retired instead of deleted.' : undefined };
  });
}

const versionForm = z.object({ version: z.coerce.number({ error: 'Choose a version' }).int().positive('Choose a version') });

export async function activateVersionAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('admin.settings', { input: versionForm, revalidate: PATH }, form, async (data, { member }) => {
    await rollback(db(), member.tenantId, data.version);
    return {};
  });
}

export async function trainNowAction(): Promise<FormState> {
  return memberAction('admin.settings', { revalidate: PATH }, undefined, async (_data, { member }) => {
    const status = await requestTrainingNow(db(), redis(), member.tenantId, member.userId);
    return status.due
      ? { message: 'Training queued: the new version appears here when it finishes.' }
      : { ok: false, message: status.reason };
  });
}

'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { categoryInput, createCategory, deleteCategory, requestTrainingNow, rollback, updateCategory } from '@helpdesk/classifier';
import { db, redis } from '@/lib/clients';
import { failure, invalid, type FormState } from '@/lib/form-state';
import { memberActor, requireMember } from '@/lib/session';

const ADMINS = ['OWNER', 'ADMIN'] as const;
const PATH = '/admin/triage';

export async function createCategoryAction(form: FormData): Promise<FormState> {
  const member = await requireMember(ADMINS);
  const parsed = categoryInput.safeParse({ key: form.get('key') ?? '', name: form.get('name') ?? '', description: form.get('description') ?? '' });
  if (!parsed.success) return invalid(parsed.error);
  try {
    await createCategory(db(), memberActor(member), parsed.data);
    revalidatePath(PATH);
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

const updateForm = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1, 'Give the category a name').max(80, 'Use at most 80 characters'),
  active: z.boolean(),
});

export async function updateCategoryAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember(ADMINS);
  const parsed = updateForm.safeParse({ id: form.get('id') ?? '', name: form.get('name') ?? '', active: form.get('active') === 'on' });
  if (!parsed.success) return invalid(parsed.error);
  try {
    const current = await db().category.findFirst({ where: { id: parsed.data.id, tenantId: member.tenantId }, select: { description: true } });
    await updateCategory(db(), memberActor(member), parsed.data.id, { name: parsed.data.name, active: parsed.data.active, description: current?.description ?? undefined });
    revalidatePath(PATH);
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

export async function deleteCategoryAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember(ADMINS);
  try {
    const outcome = await deleteCategory(db(), memberActor(member), String(form.get('id') ?? ''));
    revalidatePath(PATH);
    return { ok: true, message: outcome === 'deactivated' ? 'Tickets use this category, so it was retired instead of deleted.' : undefined };
  } catch (error) {
    return failure(error);
  }
}

const versionForm = z.object({ version: z.coerce.number({ error: 'Choose a version' }).int().positive('Choose a version') });

export async function activateVersionAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember(ADMINS);
  const parsed = versionForm.safeParse({ version: form.get('version') });
  if (!parsed.success) return invalid(parsed.error);
  try {
    await rollback(db(), member.tenantId, parsed.data.version);
    revalidatePath(PATH);
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

export async function trainNowAction(): Promise<FormState> {
  const member = await requireMember(ADMINS);
  try {
    const status = await requestTrainingNow(db(), redis(), member.tenantId, member.userId);
    revalidatePath(PATH);
    return status.due ? { ok: true, message: 'Training queued: the new version appears here when it finishes.' } : { ok: false, message: status.reason };
  } catch (error) {
    return failure(error);
  }
}

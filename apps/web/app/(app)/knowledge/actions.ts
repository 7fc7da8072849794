'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { articleInput, createArticle, deleteArticle, updateArticle } from '@helpdesk/knowledge';
import { db } from '@/lib/clients';
import { failure, invalid, type FormState } from '@/lib/form-state';
import { memberActor, requireMember } from '@/lib/session';

const EDITORS = ['OWNER', 'ADMIN', 'AGENT'] as const;

function readForm(form: FormData) {
  return articleInput.safeParse({
    title: form.get('title') ?? '',
    bodyMarkdown: form.get('bodyMarkdown') ?? '',
    published: form.get('published') === 'on',
  });
}

export async function createArticleAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember([...EDITORS]);
  const parsed = readForm(form);
  if (!parsed.success) return invalid(parsed.error);
  try {
    await createArticle(db(), memberActor(member), parsed.data);
  } catch (error) {
    return failure(error);
  }
  revalidatePath('/knowledge');
  redirect('/knowledge');
}

const versionField = z.coerce.number().int().positive();

export async function updateArticleAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember([...EDITORS]);
  const parsed = readForm(form);
  if (!parsed.success) return invalid(parsed.error);
  const version = versionField.safeParse(form.get('version'));
  if (!version.success) return { ok: false, errors: { version: 'is missing; reload the page' } };
  try {
    await updateArticle(db(), memberActor(member), String(form.get('id') ?? ''), parsed.data, version.data);
  } catch (error) {
    return failure(error);
  }
  revalidatePath('/knowledge');
  redirect('/knowledge');
}

export async function deleteArticleAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember([...EDITORS]);
  try {
    await deleteArticle(db(), memberActor(member), String(form.get('id') ?? ''));
  } catch (error) {
    return failure(error);
  }
  revalidatePath('/knowledge');
  redirect('/knowledge');
}

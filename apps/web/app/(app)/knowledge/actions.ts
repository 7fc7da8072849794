'use server';

import { z } from 'zod';
import { articleInput, createArticle, deleteArticle, updateArticle } from '@helpdesk/knowledge';
import { memberAction } from '@/lib/action';
import { db } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

const done = { revalidate: '/knowledge', redirect: '/knowledge' };

const readForm = (form: FormData) => ({
  title: form.get('title') ?? '',
  bodyMarkdown: form.get('bodyMarkdown') ?? '',
  published: form.get('published') === 'on',
});

export async function createArticleAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('knowledge.edit', { input: articleInput, ...done }, readForm(form), async (data, { actor }) => {
    await createArticle(db(), actor, data);
    return {};
  });
}

const updateForm = articleInput.extend({
  id: z.string().default(''),
  version: z.coerce.number({ error: 'is missing; reload the page' }).int().positive('is missing; reload the page'),
});

export async function updateArticleAction(_prev: FormState, form: FormData): Promise<FormState> {
  const input = { ...readForm(form), id: form.get('id') ?? '', version: form.get('version') ?? undefined };
  return memberAction('knowledge.edit', { input: updateForm, ...done }, input, async ({ id, version, ...article }, { actor }) => {
    await updateArticle(db(), actor, id, article, version);
    return {};
  });
}

const articleId = z.object({ id: z.string().default('') });

export async function deleteArticleAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('knowledge.edit', { input: articleId, ...done }, form, async (data, { actor }) => {
    await deleteArticle(db(), actor, data.id);
    return {};
  });
}

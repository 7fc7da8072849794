'use server';

import { z } from 'zod';
import { deleteTag, mergeTags, renameTag } from '@helpdesk/core/tag-admin';
import { memberAction } from '@/lib/action';
import { db } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

const PATHS = ['/admin/tags', '/inbox'];
const id = z.string().trim().min(1, 'Choose a tag').max(64);

export async function renameTagAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction(
    'admin.settings',
    { input: z.object({ tagId: id, name: z.string().max(200) }), revalidate: PATHS },
    form,
    async ({ tagId, name }, { actor }) => {
      const tag = await renameTag(db(), actor, tagId, name);
      return { tag: tag.name };
    },
  );
}

export async function mergeTagAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction(
    'admin.settings',
    { input: z.object({ sourceId: id, targetId: z.string().trim().min(1, 'Choose the tag to merge into').max(64) }), revalidate: PATHS },
    form,
    async ({ sourceId, targetId }, { actor }) => {
      const { moved } = await mergeTags(db(), actor, sourceId, targetId);
      return { moved };
    },
  );
}

export async function deleteTagAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('admin.settings', { input: z.object({ tagId: id }), revalidate: PATHS }, form, async ({ tagId }, { actor }) => {
    const { tickets } = await deleteTag(db(), actor, tagId);
    return { tickets };
  });
}

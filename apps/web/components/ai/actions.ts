'use server';

import { revalidatePath } from 'next/cache';
import { approveDraft, correctTriage, discardDraft, triageCorrectionInput } from '@helpdesk/ai/draft-approval';
import { db } from '@/lib/clients';
import { failure, invalid, type FormState } from '@/lib/form-state';
import { memberActor, requireMember } from '@/lib/session';

const AGENTS = ['OWNER', 'ADMIN', 'AGENT'] as const;

function refresh(): void {
  revalidatePath('/tickets/[number]', 'page');
}

export async function correctTriageAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember([...AGENTS]);
  const parsed = triageCorrectionInput.safeParse({ ticketId: form.get('ticketId'), field: form.get('field'), value: form.get('value') });
  if (!parsed.success) return invalid(parsed.error);
  try {
    await correctTriage(db(), memberActor(member), parsed.data);
  } catch (error) {
    return failure(error);
  }
  refresh();
  return { ok: true, message: undefined };
}

export async function approveDraftAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember([...AGENTS]);
  try {
    await approveDraft(db(), memberActor(member), { draftId: String(form.get('draftId') ?? ''), body: String(form.get('body') ?? '') });
  } catch (error) {
    return failure(error);
  }
  refresh();
  return { ok: true };
}

export async function discardDraftAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember([...AGENTS]);
  try {
    await discardDraft(db(), memberActor(member), String(form.get('draftId') ?? ''));
  } catch (error) {
    return failure(error);
  }
  refresh();
  return { ok: true };
}

'use server';

import { z } from 'zod';
import { approveDraft, correctTriage, discardDraft, triageCorrectionInput } from '@helpdesk/ai/draft-approval';
import { memberAction } from '@/lib/action';
import { db } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

// Every ticket page shows the AI panel, so all of them are refreshed.
const TICKET_PAGES = '/tickets/[number]';

export async function correctTriageAction(_prev: FormState, form: FormData): Promise<FormState> {
  const input = { ticketId: form.get('ticketId'), field: form.get('field'), value: form.get('value') };
  return memberAction('ai.review', { input: triageCorrectionInput, revalidate: TICKET_PAGES }, input, async (data, { actor }) => {
    await correctTriage(db(), actor, data);
    return {};
  });
}

const approveForm = z.object({ draftId: z.string().default(''), body: z.string().default('') });

export async function approveDraftAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('ai.review', { input: approveForm, revalidate: TICKET_PAGES }, form, async (data, { actor }) => {
    await approveDraft(db(), actor, data);
    return {};
  });
}

const draftId = z.object({ draftId: z.string().default('') });

export async function discardDraftAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('ai.review', { input: draftId, revalidate: TICKET_PAGES }, form, async (data, { actor }) => {
    await discardDraft(db(), actor, data.draftId);
    return {};
  });
}

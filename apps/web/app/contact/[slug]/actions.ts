'use server';

import { contactFormInput, submitContactForm } from '@helpdesk/core/contact-form';
import { db } from '@/lib/clients';
import { failure, parseFormState, type FormState } from '@/lib/form-state';

/** `values` hands back what was typed so a refused form keeps every field. */
export type ContactState = FormState & { ticketNumber?: number; values?: Partial<Record<'name' | 'email' | 'subject' | 'message', string>> };

export async function submitContact(slug: string, _previous: ContactState, form: FormData): Promise<ContactState> {
  const values = {
    name: String(form.get('name') ?? ''),
    email: String(form.get('email') ?? ''),
    subject: String(form.get('subject') ?? ''),
    message: String(form.get('message') ?? ''),
  };
  const input = { ...values, website: String(form.get('website') ?? '') };
  const parsed = parseFormState(contactFormInput, input);
  if (!parsed.ok) return { ...parsed, values };
  try {
    const { ticketNumber } = await submitContactForm(db(), slug, parsed.data);
    return { ok: true, ticketNumber };
  } catch (error) {
    return { ...failure(error), values };
  }
}

'use server';

import { contactFormInput, submitContactForm } from '@helpdesk/core/contact-form';
import { db } from '@/lib/clients';
import { failure, invalid, type FormState } from '@/lib/form-state';

export type ContactState = FormState & { ticketNumber?: number };

export async function submitContact(slug: string, _previous: ContactState, form: FormData): Promise<ContactState> {
  const input = {
    name: String(form.get('name') ?? ''),
    email: String(form.get('email') ?? ''),
    subject: String(form.get('subject') ?? ''),
    message: String(form.get('message') ?? ''),
    website: String(form.get('website') ?? ''),
  };
  const parsed = contactFormInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  try {
    const { ticketNumber } = await submitContactForm(db(), slug, parsed.data);
    return { ok: true, ticketNumber };
  } catch (error) {
    return failure(error);
  }
}

'use server';

import { contactFormInput, submitContactForm } from '@helpdesk/core/contact-form';
import { publicAction } from '@/lib/action';
import { db } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

/** `values` hands back what was typed so a refused form keeps every field. */
export type ContactState = FormState & {
  ticketNumber?: number;
  values?: Partial<Record<'name' | 'email' | 'subject' | 'message', string>>;
};

export async function submitContact(slug: string, _previous: ContactState, form: FormData): Promise<ContactState> {
  const values = {
    name: String(form.get('name') ?? ''),
    email: String(form.get('email') ?? ''),
    subject: String(form.get('subject') ?? ''),
    message: String(form.get('message') ?? ''),
  };
  const state = await publicAction({ input: contactFormInput }, { ...values, website: String(form.get('website') ?? '') }, async (data) => {
    const { ticketNumber } = await submitContactForm(db(), slug, data);
    return { ticketNumber };
  });
  return state.ok ? state : { ...state, values };
}

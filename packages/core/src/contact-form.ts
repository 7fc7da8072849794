import { z } from 'zod';
import { NotFoundError, parseInput, type Db } from '@helpdesk/db';
import { isStorableText, UNSTORABLE_TEXT } from './text-safety';
import { CREATE_TX_OPTIONS, createTicketTx } from './tickets';

export const contactFormInput = z.object({
  name: z.string().trim().min(1, 'Enter your name').max(200).refine(isStorableText, UNSTORABLE_TEXT),
  email: z.email('Enter a valid email address').trim().toLowerCase().max(254),
  subject: z.string().trim().min(1, 'Enter a subject').max(300).refine(isStorableText, UNSTORABLE_TEXT),
  message: z.string().trim().min(10, 'Tell us a little more (at least 10 characters)').max(20_000).refine(isStorableText, UNSTORABLE_TEXT),
  /** Hidden from people; bots fill it in. */
  website: z.string().max(0, 'Leave this field empty').optional(),
});
export type ContactFormInput = z.input<typeof contactFormInput>;

export async function findContactTenant(db: Db, slug: string): Promise<{ id: string; name: string } | null> {
  return db.tenant.findUnique({ where: { slug }, select: { id: true, name: true } });
}

/** A public submission becomes a WEB_FORM ticket from the customer the form names. */
export async function submitContactForm(db: Db, slug: string, input: ContactFormInput): Promise<{ ticketNumber: number }> {
  const data = parseInput(contactFormInput, input);
  const tenant = await findContactTenant(db, slug);
  if (!tenant) throw new NotFoundError('Workspace');
  const ticket = await db.$transaction(
    (tx) =>
      createTicketTx(
        tx,
        { type: 'CUSTOMER', id: null, tenantId: tenant.id },
        {
          subject: data.subject,
          bodyText: data.message,
          channel: 'WEB_FORM',
          customer: { email: data.email, name: data.name },
        },
      ),
    CREATE_TX_OPTIONS,
  );
  return { ticketNumber: ticket.number };
}

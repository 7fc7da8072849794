import { classifierText } from '@helpdesk/classifier';
import type { Db } from '@helpdesk/db';
import { NotFoundError } from '@helpdesk/db';
import { MAX_CUSTOMER_CHARS, prepareCustomerText, PROMPT_CUSTOMER_CHARS } from './customer-text';

export interface TicketForAi {
  id: string;
  tenantId: string;
  number: number;
  subject: string;
  contentVersion: number;
  /** Subject and customer messages, cleaned and capped for a prompt. */
  text: string;
  truncated: boolean;
  messageCount: number;
  /** What the tenant's classifier reads, built by the same function as its training texts. */
  classifierText: string;
}

/** The customer's side of a ticket as the AI jobs see it. */
export async function loadTicketForAi(db: Db, tenantId: string, ticketId: string, limit = PROMPT_CUSTOMER_CHARS): Promise<TicketForAi> {
  const ticket = await db.ticket.findFirst({
    where: { id: ticketId, tenantId },
    select: {
      id: true,
      tenantId: true,
      number: true,
      subject: true,
      contentVersion: true,
      messages: { where: { tenantId, kind: 'CUSTOMER' }, orderBy: { createdAt: 'asc' }, select: { bodyText: true } },
    },
  });
  if (!ticket) throw new NotFoundError('ticket');
  const joined = ticket.messages.map((m) => m.bodyText.slice(0, MAX_CUSTOMER_CHARS)).join('\n\n---\n\n');
  const body = prepareCustomerText(joined, limit);
  const subject = prepareCustomerText(ticket.subject, 300);
  return {
    id: ticket.id,
    tenantId: ticket.tenantId,
    number: ticket.number,
    subject: subject.text,
    contentVersion: ticket.contentVersion,
    text: body.text,
    truncated: body.truncated || subject.truncated,
    messageCount: ticket.messages.length,
    classifierText: classifierText(
      ticket.subject,
      ticket.messages.map((m) => m.bodyText),
    ),
  };
}

import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { NotFoundError, type Db } from '@helpdesk/db';
import type { AttachmentStore } from './attachments';

export type MailTransport = Pick<Transporter, 'sendMail'>;

export function createMailTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport(smtpUrl);
}

export interface SendMailOptions {
  fromDomain: string;
  store?: AttachmentStore;
}

export type SendOutcome = 'sent' | 'already_sent' | 'not_sendable';

export function subjectFor(number: number, subject: string): string {
  const bare = subject
    .replace(/^\s*(re|fwd?):\s*/i, '')
    .replace(/\[#\d+\]\s*/g, '')
    .trim();
  return `[#${number}] ${bare}`;
}

/**
 * Sends one agent reply to the ticket's customer. Its Message-ID is fixed before the first attempt, so a
 * retried send keeps the same id and the customer's reply threads back whichever attempt got through.
 * A failure is recorded on the message and rethrown for the job's retries.
 */
export async function sendMessageMail(
  db: Db,
  transport: MailTransport,
  job: { tenantId: string; messageId: string },
  options: SendMailOptions,
): Promise<SendOutcome> {
  const { tenantId, messageId } = job;
  const message = await db.message.findFirst({
    where: { id: messageId, tenantId },
    include: {
      ticket: { include: { customer: true, tenant: { select: { name: true, inboundAlias: true } } } },
      attachments: { where: { tenantId } },
    },
  });
  if (!message) throw new NotFoundError('Message');
  if (message.kind !== 'REPLY') return 'not_sendable';
  if (message.deliveryStatus === 'SENT') return 'already_sent';
  const { ticket } = message;

  let emailMessageId = message.emailMessageId;
  if (!emailMessageId) {
    emailMessageId = `<${randomUUID()}@${options.fromDomain}>`;
    await db.message.update({ where: { id: messageId, tenantId }, data: { emailMessageId } });
  }
  const thread = await db.message.findMany({
    where: { tenantId, ticketId: ticket.id, emailMessageId: { not: null }, createdAt: { lte: message.createdAt }, id: { not: messageId } },
    orderBy: { createdAt: 'asc' },
    select: { emailMessageId: true, kind: true },
  });
  const references = thread.map((m) => m.emailMessageId!);
  const inReplyTo = [...thread].reverse().find((m) => m.kind === 'CUSTOMER')?.emailMessageId ?? references.at(-1);

  try {
    const attachments = options.store
      ? await Promise.all(
          message.attachments.map(async (a) => ({
            filename: a.filename,
            contentType: a.contentType,
            content: await options.store!.get(tenantId, a.storageKey),
          })),
        )
      : [];
    await transport.sendMail({
      from: { name: ticket.tenant.name, address: `${ticket.tenant.inboundAlias}@${options.fromDomain}` },
      to: { name: ticket.customer.name ?? '', address: ticket.customer.email },
      subject: subjectFor(ticket.number, ticket.subject),
      text: message.bodyText,
      html: message.bodyHtml ?? undefined,
      messageId: emailMessageId,
      inReplyTo,
      references: references.length > 0 ? references : undefined,
      attachments,
    });
  } catch (error) {
    await db.message.update({
      where: { id: messageId, tenantId },
      data: { deliveryStatus: 'FAILED', deliveryError: (error as Error).message.slice(0, 1000) },
    });
    throw error;
  }
  await db.message.update({
    where: { id: messageId, tenantId },
    data: { deliveryStatus: 'SENT', deliveredAt: new Date(), deliveryError: null },
  });
  return 'sent';
}

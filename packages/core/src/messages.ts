import { z } from 'zod';
import {
  ConflictError,
  ForbiddenError,
  MessageKind,
  NotFoundError,
  TicketStatus,
  parseInput,
  requireAgent,
  type Actor,
  type Db,
  type Message,
  type Prisma,
  type Tx,
} from '@helpdesk/db';
import { writeAudit } from './audit';
import { linkAttachments, storedAttachmentSchema } from './attachments';
import { assertTransition, statusTimestamps } from './lifecycle';
import { writeOutbox } from './outbox-events';
import { htmlToText, sanitizeMessageHtml, sanitizeReplyHtml } from './sanitize';
import { BODY_REQUIRED, hasBody } from './tickets';

export const messageFields = z.object({
  ticketId: z.string().min(1),
  kind: z.enum(MessageKind),
  bodyText: z.string().trim().max(100_000).default(''),
  bodyHtml: z.string().max(500_000).optional(),
  attachments: z.array(storedAttachmentSchema).max(20).default([]),
  /** The status an agent picks when replying; defaults to OPEN for a NEW ticket. */
  status: z.enum(TicketStatus).optional(),
  /** The newest message the author saw; a newer one means their reply is stale. */
  expectedLastMessageId: z.string().min(1).optional(),
  draftId: z.string().min(1).optional(),
  emailMessageId: z.string().max(998).optional(),
  inReplyTo: z.string().max(998).optional(),
});

export const addMessageInput = messageFields.refine(hasBody, BODY_REQUIRED);
/** The body of POST /api/v1/tickets/{id}/messages. */
export const apiAddMessageInput = messageFields
  .pick({ kind: true, bodyText: true, bodyHtml: true, status: true, expectedLastMessageId: true })
  .strict()
  .refine(hasBody, BODY_REQUIRED);
export type AddMessageInput = z.input<typeof addMessageInput>;

function assertMayWrite(actor: Actor, kind: MessageKind): void {
  if (kind === 'CUSTOMER') {
    if (actor.type === 'USER') throw new ForbiddenError('Agents reply or add notes; customer messages come from the customer');
    return;
  }
  if (actor.type === 'CUSTOMER') throw new ForbiddenError('Customers can only add customer messages');
  requireAgent(actor);
}

export async function addMessageTx(tx: Tx, actor: Actor, input: AddMessageInput, now = new Date()): Promise<Message> {
  const data = parseInput(addMessageInput, input);
  assertMayWrite(actor, data.kind);
  const tenantId = actor.tenantId;
  // Locks the ticket so the stale-reply check and the status change see a settled thread.
  const [locked] = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "Ticket" WHERE id = ${data.ticketId} AND "tenantId" = ${tenantId} FOR UPDATE`;
  if (!locked) throw new NotFoundError('Ticket');
  const ticket = await tx.ticket.findFirstOrThrow({ where: { id: data.ticketId, tenantId } });

  if (data.expectedLastMessageId) {
    const latest = await tx.message.findFirst({
      where: { tenantId, ticketId: ticket.id },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { id: true },
    });
    if (latest && latest.id !== data.expectedLastMessageId) {
      throw new ConflictError('The ticket has newer messages; review them before sending', 'expectedLastMessageId');
    }
  }
  if (ticket.status === 'CLOSED') throw new ConflictError('The ticket is closed', 'status');

  const bodyHtml = data.bodyHtml ? (data.kind === 'REPLY' ? sanitizeReplyHtml : sanitizeMessageHtml)(data.bodyHtml) : null;
  const message = await tx.message.create({
    data: {
      tenantId,
      ticketId: ticket.id,
      kind: data.kind,
      authorUserId: actor.type === 'USER' ? actor.id : null,
      // The real sender when the channel knows it (inbound mail from a participant), else the ticket's customer.
      customerId: data.kind === 'CUSTOMER' ? (actor.type === 'CUSTOMER' && actor.id ? actor.id : ticket.customerId) : null,
      bodyText: data.bodyText || htmlToText(bodyHtml ?? ''),
      bodyHtml,
      deliveryStatus: data.kind === 'REPLY' ? 'QUEUED' : 'NOT_APPLICABLE',
      draftId: data.draftId ?? null,
      emailMessageId: data.emailMessageId ?? null,
      inReplyTo: data.inReplyTo ?? null,
      createdAt: now,
    },
  });
  await linkAttachments(tx, tenantId, message.id, data.attachments);

  const update: Prisma.TicketUpdateInput = {};
  let status: TicketStatus = ticket.status;
  if (data.kind === 'CUSTOMER') {
    update.contentVersion = { increment: 1 };
    update.lastCustomerMessageAt = now;
    // A customer writing again means the ticket needs an agent, whatever waited on them.
    if (ticket.status === 'SOLVED' || ticket.status === 'PENDING') status = 'OPEN';
  } else if (data.kind === 'REPLY') {
    if (!ticket.firstRespondedAt) update.firstRespondedAt = now;
    status = data.status ?? (ticket.status === 'NEW' ? 'OPEN' : ticket.status);
  }
  if (status !== ticket.status) {
    assertTransition(ticket.status, status);
    Object.assign(update, { status }, statusTimestamps(status, now));
  }
  const updated = await tx.ticket.update({ where: { id: ticket.id, tenantId }, data: update });

  if (data.kind === 'CUSTOMER') {
    await writeOutbox(tx, tenantId, 'message.customer', { tenantId, ticketId: ticket.id, contentVersion: updated.contentVersion });
  } else if (data.kind === 'REPLY') {
    await writeOutbox(tx, tenantId, 'message.outbound', { tenantId, messageId: message.id });
  }
  await writeAudit(tx, actor, {
    entityType: 'Message',
    entityId: message.id,
    ticketId: ticket.id,
    action: `message.${data.kind.toLowerCase()}`,
    changes: status !== ticket.status ? { status: { from: ticket.status, to: status } } : {},
  });
  return message;
}

export async function addMessage(db: Db, actor: Actor, input: AddMessageInput): Promise<Message> {
  return db.$transaction((tx) => addMessageTx(tx, actor, input));
}

export async function listMessages(db: Db, tenantId: string, ticketId: string, { includeNotes = true } = {}) {
  const ticket = await db.ticket.findFirst({ where: { id: ticketId, tenantId }, select: { id: true } });
  if (!ticket) throw new NotFoundError('Ticket');
  return db.message.findMany({
    where: { tenantId, ticketId, ...(includeNotes ? {} : { kind: { not: 'NOTE' as const } }) },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    include: { attachments: { where: { tenantId }, select: { id: true, filename: true, contentType: true, size: true, sha256: true } } },
  });
}

/**
 * Puts a reply whose delivery failed back in the queue (the caller runs its mail job again). Only a FAILED
 * reply qualifies: a queued one is already on its way and a sent one must not go out twice.
 */
export async function requeueFailedReply(db: Db, actor: Actor, messageId: string): Promise<Message> {
  requireAgent(actor);
  return db.$transaction(async (tx) => {
    const message = await tx.message.findFirst({ where: { id: messageId, tenantId: actor.tenantId, kind: 'REPLY' } });
    if (!message) throw new NotFoundError('Message');
    if (message.deliveryStatus !== 'FAILED')
      throw new ConflictError(`The reply is ${message.deliveryStatus.toLowerCase()}, not failed`, 'deliveryStatus');
    const updated = await tx.message.update({
      where: { id: message.id, tenantId: actor.tenantId },
      data: { deliveryStatus: 'QUEUED', deliveryError: null },
    });
    await writeAudit(tx, actor, {
      entityType: 'Message',
      entityId: message.id,
      ticketId: message.ticketId,
      action: 'message.delivery_retried',
      changes: { deliveryError: { from: message.deliveryError, to: null } },
    });
    return updated;
  });
}

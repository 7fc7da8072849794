import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import {
  DomainError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
  isUniqueViolation,
  type Actor,
  type Db,
  type Tx,
} from '@helpdesk/db';
import type { AttachmentStore, StoredAttachment } from './attachments';
import { writeAudit } from './audit';
import { normaliseEmailAddress } from './customers';
import { addMessageTx } from './messages';
import { isStorableText, UNSTORABLE_TEXT } from './text-safety';
import { CREATE_TX_OPTIONS, createTicketTx } from './tickets';

export const INBOUND_REPLAY_WINDOW_MS = 5 * 60_000;
export const MAX_INBOUND_BYTES = 25 * 1024 * 1024;

export interface InboundEmail {
  alias: string;
  /** The request body exactly as received: the signature covers these bytes, and each part is decoded by its own charset. */
  rawMime: Buffer | string;
  /** Unix seconds, as sent in x-helpdesk-timestamp. */
  timestamp: string;
  /** Hex HMAC-SHA256 of `${timestamp}.` followed by the raw bytes, with the tenant's inboundSecret. */
  signature: string;
}

export type InboundResult =
  | { outcome: 'created'; tenantId: string; ticketId: string; messageId: string; linkedTicketId?: string }
  | { outcome: 'appended'; tenantId: string; ticketId: string; messageId: string }
  | { outcome: 'duplicate'; tenantId: string; ticketId: string; messageId: string };

export class InboundTooLargeError extends DomainError {
  constructor(limit: number) {
    super(`The message is larger than the ${limit}-byte limit`, 413, 'payload_too_large', 'rawMime');
  }
}

export function signInbound(secret: string, timestamp: string, rawMime: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawMime).digest('hex');
}

export interface InboundTenant {
  id: string;
  inboundSecret: string;
}

/** The tenant behind an alias: the web adapter asks this before it reads a byte of the body. */
export async function findInboundTenant(db: Db, alias: string): Promise<InboundTenant> {
  if (alias.length > 200 || !isStorableText(alias)) throw new NotFoundError('Inbound address');
  const tenant = await db.tenant.findUnique({ where: { inboundAlias: alias.toLowerCase() }, select: { id: true, inboundSecret: true } });
  if (!tenant) throw new NotFoundError('Inbound address');
  return tenant;
}

/**
 * Reads a request body into memory as bytes, refusing (413) a declared Content-Length over `limit` before
 * reading anything and stopping at the first chunk past it when the length was not declared or was wrong.
 */
export async function readInboundBody(
  body: ReadableStream<Uint8Array> | null,
  contentLength: string | null,
  limit = MAX_INBOUND_BYTES,
): Promise<Buffer> {
  if (contentLength !== null && /^\d+$/.test(contentLength) && Number(contentLength) > limit) {
    await body?.cancel();
    throw new InboundTooLargeError(limit);
  }
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new InboundTooLargeError(limit);
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, size);
}

function verifySignature(secret: string, email: InboundEmail, now: Date): void {
  if (!/^\d{1,12}$/.test(email.timestamp)) throw new UnauthorizedError('x-helpdesk-timestamp: must be unix seconds');
  if (Math.abs(now.getTime() - Number(email.timestamp) * 1000) > INBOUND_REPLAY_WINDOW_MS) {
    throw new UnauthorizedError('x-helpdesk-timestamp: outside the 5-minute window (replayed or clock skew)');
  }
  const expected = Buffer.from(signInbound(secret, email.timestamp, email.rawMime), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/i.test(email.signature) ? email.signature : '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new UnauthorizedError('x-helpdesk-signature: does not match');
}

async function parse(raw: Buffer): Promise<ParsedMail> {
  if (raw.length === 0) throw new ValidationError('rawMime', 'is empty');
  if (raw.length > MAX_INBOUND_BYTES) throw new InboundTooLargeError(MAX_INBOUND_BYTES);
  // Header names are ASCII whatever the body's charset, so latin1 reads them byte for byte.
  const head =
    raw
      .subarray(0, 64 * 1024)
      .toString('latin1')
      .split(/\r?\n\r?\n/)[0] ?? '';
  // mailparser accepts almost anything; a message without headers or a sender is what "malformed" means here.
  if (!/^[\x21-\x39\x3b-\x7e]+:/m.test(head)) throw new ValidationError('rawMime', 'has no header section');
  return simpleParser(raw).catch((error: Error) => {
    throw new ValidationError('rawMime', `cannot be parsed: ${error.message}`);
  });
}

function senderOf(mail: ParsedMail): { email: string; name?: string } {
  const from = mail.from?.value[0];
  const email = from?.address ? normaliseEmailAddress(from.address) : null;
  if (!email) throw new ValidationError('rawMime', 'has no valid From address');
  const name = from?.name?.trim() || undefined;
  if (!isStorableText(email) || (name && !isStorableText(name))) throw new ValidationError('from', UNSTORABLE_TEXT);
  return { email, name: name?.slice(0, 200) };
}

function referencedIds(mail: ParsedMail): string[] {
  const refs = typeof mail.references === 'string' ? [mail.references] : (mail.references ?? []);
  return [...new Set([mail.inReplyTo, ...refs].filter((v): v is string => Boolean(v)).map((v) => v.trim()))];
}

interface ThreadHit {
  ticketId: string;
  number: number;
  /** How the mail pointed at the ticket: a stranger's header reference is worth telling the agents about. */
  via: 'headers' | 'subject';
}

/** A reply points at its thread by the ids it references, else by `[#number]`; closed tickets start anew. */
async function findThread(tx: Tx, tenantId: string, mail: ParsedMail): Promise<ThreadHit | null> {
  const refs = referencedIds(mail);
  if (refs.length > 0) {
    const hit = await tx.message.findFirst({
      where: { tenantId, emailMessageId: { in: refs }, ticket: { status: { not: 'CLOSED' } } },
      orderBy: { createdAt: 'desc' },
      select: { ticketId: true, ticket: { select: { number: true } } },
    });
    if (hit) return { ticketId: hit.ticketId, number: hit.ticket.number, via: 'headers' };
  }
  const tag = /\[#(\d{1,9})\]/.exec(mail.subject ?? '');
  if (tag) {
    const ticket = await tx.ticket.findFirst({
      where: { tenantId, number: Number(tag[1]), status: { not: 'CLOSED' } },
      select: { id: true, number: true },
    });
    if (ticket) return { ticketId: ticket.id, number: ticket.number, via: 'subject' };
  }
  return null;
}

/** Knowing a Message-ID or a ticket number is not enough to write into a thread: the sender must already be in it. */
async function participantId(tx: Tx, tenantId: string, ticketId: string, email: string): Promise<string | null> {
  const ticket = await tx.ticket.findFirstOrThrow({
    where: { id: ticketId, tenantId },
    select: { customer: { select: { id: true, email: true } } },
  });
  if (ticket.customer.email === email) return ticket.customer.id;
  const wrote = await tx.message.findFirst({
    where: { tenantId, ticketId, kind: 'CUSTOMER', customer: { email } },
    select: { customerId: true },
  });
  return wrote?.customerId ?? null;
}

interface InboundBody {
  bodyText: string;
  bodyHtml?: string;
  subject: string;
}

function contentOf(mail: ParsedMail): InboundBody {
  const subject = (mail.subject ?? '').trim().slice(0, 300) || '(no subject)';
  const bodyHtml = typeof mail.html === 'string' ? mail.html : undefined;
  let bodyText = (mail.text ?? '').slice(0, 100_000);
  if (!bodyText.trim() && !bodyHtml) bodyText = '(no content)';
  for (const [field, value] of [
    ['subject', subject],
    ['bodyText', bodyText],
    ['bodyHtml', bodyHtml ?? ''],
  ] as const) {
    if (!isStorableText(value)) throw new ValidationError(field, UNSTORABLE_TEXT);
  }
  mail.attachments.forEach((a, i) => {
    if (a.filename && !isStorableText(a.filename)) throw new ValidationError(`attachments.${i}.filename`, UNSTORABLE_TEXT);
  });
  return { subject, bodyText, bodyHtml };
}

/** For mail without a Message-ID: the same sender, subject, body and date twice is the same delivery twice. */
function contentHash(sender: string, content: InboundBody, date: Date | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify([sender, content.subject, content.bodyText, content.bodyHtml ?? '', date?.toISOString() ?? '']))
    .digest('hex');
}

async function storeAttachments(
  db: Db,
  store: AttachmentStore | undefined,
  tenantId: string,
  mail: ParsedMail,
): Promise<StoredAttachment[]> {
  if (!store) return [];
  const stored: StoredAttachment[] = [];
  try {
    for (const a of mail.attachments) {
      stored.push(
        await store.put(tenantId, { filename: a.filename ?? 'attachment', contentType: a.contentType, data: a.content }, { anyType: true }),
      );
    }
  } catch (error) {
    await discardUnreferenced(db, store, tenantId, stored);
    throw error;
  }
  return stored;
}

/** Files are content-addressed and may be shared with earlier messages: only those no row points at are deleted. */
async function discardUnreferenced(db: Db, store: AttachmentStore, tenantId: string, files: readonly StoredAttachment[]): Promise<void> {
  for (const f of files) {
    if ((await db.attachment.count({ where: { tenantId, storageKey: f.storageKey } })) === 0) await store.remove(tenantId, f.storageKey);
  }
}

/**
 * Accepts one signed email for a tenant's inbound alias. Nothing is stored unless the alias exists,
 * the signature over the raw bytes is fresh and valid, and the message parses; the same message twice
 * (by Message-ID, or by content when it has none) is a no-op. A rejected mail leaves no file behind.
 */
export async function receiveInboundEmail(
  db: Db,
  email: InboundEmail,
  options: { store?: AttachmentStore; now?: Date; tenant?: InboundTenant } = {},
): Promise<InboundResult> {
  const now = options.now ?? new Date();
  const tenant = options.tenant ?? (await findInboundTenant(db, email.alias));
  verifySignature(tenant.inboundSecret, email, now);
  const mail = await parse(typeof email.rawMime === 'string' ? Buffer.from(email.rawMime, 'utf8') : email.rawMime);
  const sender = senderOf(mail);
  const content = contentOf(mail);
  const tenantId = tenant.id;
  const emailMessageId = mail.messageId?.trim() || undefined;
  const inboundContentHash = emailMessageId ? undefined : contentHash(sender.email, content, mail.date);

  const duplicate = async (): Promise<InboundResult | null> => {
    const where = emailMessageId ? { tenantId, emailMessageId } : { tenantId, inboundContentHash };
    const seen = await db.message.findFirst({ where, select: { id: true, ticketId: true } });
    return seen ? { outcome: 'duplicate', tenantId, ticketId: seen.ticketId, messageId: seen.id } : null;
  };
  const seen = await duplicate();
  if (seen) return seen;

  const attachments = await storeAttachments(db, options.store, tenantId, mail);
  const body = { bodyText: content.bodyText, bodyHtml: content.bodyHtml, attachments, emailMessageId, inReplyTo: mail.inReplyTo };
  try {
    return await db.$transaction(async (tx) => {
      const thread = await findThread(tx, tenantId, mail);
      const participant = thread ? await participantId(tx, tenantId, thread.ticketId, sender.email) : null;
      if (thread && participant) {
        const actor: Actor = { type: 'CUSTOMER', id: participant, tenantId };
        const message = await addMessageTx(tx, actor, { ticketId: thread.ticketId, kind: 'CUSTOMER', ...body }, now);
        if (inboundContentHash) await tx.message.update({ where: { id: message.id, tenantId }, data: { inboundContentHash } });
        return { outcome: 'appended' as const, tenantId, ticketId: thread.ticketId, messageId: message.id };
      }
      const actor: Actor = { type: 'CUSTOMER', id: null, tenantId };
      const ticket = await createTicketTx(tx, actor, { subject: content.subject, channel: 'EMAIL', customer: sender, ...body }, now);
      const first = await tx.message.findFirstOrThrow({ where: { tenantId, ticketId: ticket.id }, select: { id: true } });
      if (inboundContentHash) await tx.message.update({ where: { id: first.id, tenantId }, data: { inboundContentHash } });
      if (thread?.via === 'headers')
        await linkRefusedReply(tx, tenantId, { from: thread, to: { id: ticket.id, number: ticket.number }, sender: sender.email }, now);
      return {
        outcome: 'created' as const,
        tenantId,
        ticketId: ticket.id,
        messageId: first.id,
        ...(thread?.via === 'headers' ? { linkedTicketId: thread.ticketId } : {}),
      };
    }, CREATE_TX_OPTIONS);
  } catch (error) {
    if (options.store) await discardUnreferenced(db, options.store, tenantId, attachments);
    // Two deliveries of one message racing: the loser reports the winner's rows.
    if (isUniqueViolation(error)) {
      const winner = await duplicate();
      if (winner) return winner;
    }
    throw error;
  }
}

/**
 * A reply whose headers point into a ticket the sender is not part of becomes its own ticket; both sides get
 * an audit row and the new ticket an internal note, so an agent sees the connection without the stranger
 * having written into the other customer's thread.
 */
async function linkRefusedReply(
  tx: Tx,
  tenantId: string,
  link: { from: ThreadHit; to: { id: string; number: number }; sender: string },
  now: Date,
): Promise<void> {
  const system: Actor = { type: 'SYSTEM', id: null, tenantId, name: 'Inbound mail' };
  const changes = {
    reason: 'sender_not_participant',
    sender: link.sender,
    referencedTicketId: link.from.ticketId,
    referencedTicketNumber: link.from.number,
    newTicketId: link.to.id,
    newTicketNumber: link.to.number,
  };
  await writeAudit(tx, system, { entityType: 'Ticket', entityId: link.to.id, ticketId: link.to.id, action: 'ticket.linked', changes });
  await writeAudit(tx, system, {
    entityType: 'Ticket',
    entityId: link.from.ticketId,
    ticketId: link.from.ticketId,
    action: 'ticket.linked',
    changes,
  });
  await addMessageTx(
    tx,
    system,
    {
      ticketId: link.to.id,
      kind: 'NOTE',
      bodyText: `This mail replied to ticket #${link.from.number}, but ${link.sender} is not a participant there, so it was opened as a separate ticket.`,
    },
    now,
  );
}

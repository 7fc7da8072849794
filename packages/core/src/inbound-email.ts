import { createHmac, timingSafeEqual } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { NotFoundError, Prisma, UnauthorizedError, ValidationError, type Actor, type Db, type Tx } from '@helpdesk/db';
import type { AttachmentStore, StoredAttachment } from './attachments';
import { addMessageTx } from './messages';
import { CREATE_TX_OPTIONS, createTicketTx } from './tickets';

export const INBOUND_REPLAY_WINDOW_MS = 5 * 60_000;
const MAX_RAW_BYTES = 25 * 1024 * 1024;

export interface InboundEmail {
  alias: string;
  rawMime: string;
  /** Unix seconds, as sent in x-helpdesk-timestamp. */
  timestamp: string;
  /** Hex HMAC-SHA256 of `${timestamp}.${rawMime}` with the tenant's inboundSecret. */
  signature: string;
}

export type InboundResult =
  | { outcome: 'created'; tenantId: string; ticketId: string; messageId: string }
  | { outcome: 'appended'; tenantId: string; ticketId: string; messageId: string }
  | { outcome: 'duplicate'; tenantId: string; ticketId: string; messageId: string };

export function signInbound(secret: string, timestamp: string, rawMime: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawMime}`).digest('hex');
}

function verifySignature(secret: string, email: InboundEmail, now: Date): void {
  if (!/^\d{1,12}$/.test(email.timestamp)) throw new UnauthorizedError('x-helpdesk-timestamp: must be unix seconds');
  if (Math.abs(now.getTime() - Number(email.timestamp) * 1000) > INBOUND_REPLAY_WINDOW_MS) {
    throw new UnauthorizedError('x-helpdesk-timestamp: outside the 5-minute window (replayed or clock skew)');
  }
  const expected = Buffer.from(signInbound(secret, email.timestamp, email.rawMime), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/i.test(email.signature) ? email.signature : '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new UnauthorizedError('x-helpdesk-signature: does not match');
}

async function parse(rawMime: string): Promise<ParsedMail> {
  if (rawMime.length === 0 || rawMime.length > MAX_RAW_BYTES) throw new ValidationError('rawMime', 'is empty or too large');
  // mailparser accepts almost anything; a message without headers or a sender is what "malformed" means here.
  if (!/^[\x21-\x39\x3b-\x7e]+:/m.test(rawMime.split(/\r?\n\r?\n/)[0] ?? '')) throw new ValidationError('rawMime', 'has no header section');
  const mail = await simpleParser(rawMime).catch((error: Error) => {
    throw new ValidationError('rawMime', `cannot be parsed: ${error.message}`);
  });
  return mail;
}

function senderOf(mail: ParsedMail): { email: string; name?: string } {
  const from = mail.from?.value[0];
  const email = from?.address?.trim().toLowerCase();
  if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new ValidationError('rawMime', 'has no valid From address');
  return { email, name: from?.name?.trim() || undefined };
}

function referencedIds(mail: ParsedMail): string[] {
  const refs = typeof mail.references === 'string' ? [mail.references] : (mail.references ?? []);
  return [...new Set([mail.inReplyTo, ...refs].filter((v): v is string => Boolean(v)).map((v) => v.trim()))];
}

/** A reply joins its thread by the ids it references, else by `[#number]` from the same customer; closed tickets start anew. */
async function findThread(tx: Tx, tenantId: string, mail: ParsedMail, senderEmail: string): Promise<string | null> {
  const refs = referencedIds(mail);
  if (refs.length > 0) {
    const hit = await tx.message.findFirst({
      where: { tenantId, emailMessageId: { in: refs }, ticket: { status: { not: 'CLOSED' } } },
      orderBy: { createdAt: 'desc' },
      select: { ticketId: true },
    });
    if (hit) return hit.ticketId;
  }
  const tag = /\[#(\d{1,9})\]/.exec(mail.subject ?? '');
  if (tag) {
    const ticket = await tx.ticket.findFirst({
      where: { tenantId, number: Number(tag[1]), status: { not: 'CLOSED' }, customer: { email: senderEmail } },
      select: { id: true },
    });
    if (ticket) return ticket.id;
  }
  return null;
}

async function storeAttachments(store: AttachmentStore | undefined, tenantId: string, mail: ParsedMail): Promise<StoredAttachment[]> {
  if (!store) return [];
  const stored: StoredAttachment[] = [];
  for (const a of mail.attachments) {
    stored.push(await store.put(tenantId, { filename: a.filename ?? 'attachment', contentType: a.contentType, data: a.content }));
  }
  return stored;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/**
 * Accepts one signed email for a tenant's inbound alias. Nothing is stored unless the alias exists,
 * the signature is fresh and valid, and the message parses; the same Message-ID twice is a no-op.
 */
export async function receiveInboundEmail(
  db: Db,
  email: InboundEmail,
  options: { store?: AttachmentStore; now?: Date } = {},
): Promise<InboundResult> {
  const now = options.now ?? new Date();
  const tenant = await db.tenant.findUnique({ where: { inboundAlias: email.alias.toLowerCase() }, select: { id: true, inboundSecret: true } });
  if (!tenant) throw new NotFoundError('Inbound address');
  verifySignature(tenant.inboundSecret, email, now);
  const mail = await parse(email.rawMime);
  const sender = senderOf(mail);
  const tenantId = tenant.id;
  const emailMessageId = mail.messageId?.trim() || undefined;

  const duplicate = async (): Promise<InboundResult | null> => {
    if (!emailMessageId) return null;
    const seen = await db.message.findFirst({ where: { tenantId, emailMessageId }, select: { id: true, ticketId: true } });
    return seen ? { outcome: 'duplicate', tenantId, ticketId: seen.ticketId, messageId: seen.id } : null;
  };
  const seen = await duplicate();
  if (seen) return seen;

  const attachments = await storeAttachments(options.store, tenantId, mail);
  const body = { bodyText: (mail.text ?? '').slice(0, 100_000), bodyHtml: typeof mail.html === 'string' ? mail.html : undefined, attachments, emailMessageId, inReplyTo: mail.inReplyTo };
  if (!body.bodyText.trim() && !body.bodyHtml) body.bodyText = '(no content)';
  try {
    return await db.$transaction(async (tx) => {
      const ticketId = await findThread(tx, tenantId, mail, sender.email);
      if (ticketId) {
        const customer = await tx.ticket.findFirstOrThrow({ where: { id: ticketId, tenantId }, select: { customerId: true } });
        const actor: Actor = { type: 'CUSTOMER', id: customer.customerId, tenantId };
        const message = await addMessageTx(tx, actor, { ticketId, kind: 'CUSTOMER', ...body }, now);
        return { outcome: 'appended' as const, tenantId, ticketId, messageId: message.id };
      }
      const actor: Actor = { type: 'CUSTOMER', id: null, tenantId };
      const subject = (mail.subject ?? '').trim().slice(0, 300) || '(no subject)';
      const ticket = await createTicketTx(tx, actor, { subject, channel: 'EMAIL', customer: sender, ...body }, now);
      const first = await tx.message.findFirstOrThrow({ where: { tenantId, ticketId: ticket.id }, select: { id: true } });
      return { outcome: 'created' as const, tenantId, ticketId: ticket.id, messageId: first.id };
    }, CREATE_TX_OPTIONS);
  } catch (error) {
    // Two deliveries of one message racing: the loser reports the winner's rows.
    if (isUniqueViolation(error)) {
      const winner = await duplicate();
      if (winner) return winner;
    }
    throw error;
  }
}


import { randomBytes } from 'node:crypto';
import Encoding from 'encoding-japanese';
import iconv from 'iconv-lite';

export interface MimeAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface MimeEmail {
  from: string;
  to?: string;
  subject: string;
  text: string;
  html?: string;
  /** `false` sends no Message-ID header at all (some relays and scripts do that). */
  messageId?: string | false;
  inReplyTo?: string;
  references?: string[];
  date?: Date;
  attachments?: MimeAttachment[];
  /**
   * Charset of the text part and of non-ASCII subject/display names (as RFC 2047 encoded words). `utf-8`
   * (the default) writes UTF-8 headers as they are (RFC 6532).
   */
  charset?: string;
}

/** The bytes of `text` in `charset`; iconv-lite has no ISO-2022-JP encoder, encoding-japanese does. */
export function encodeText(text: string, charset: string): Buffer {
  if (/^iso-2022-jp$/i.test(charset)) return Buffer.from(Encoding.convert(Encoding.stringToCode(text), { to: 'JIS', from: 'UNICODE' }));
  return iconv.encode(text, charset);
}

function headerText(value: string, charset: string): string {
  if (/^utf-?8$/i.test(charset) || /^[\x20-\x7e]*$/.test(value)) return value;
  return `=?${charset}?B?${encodeText(value, charset).toString('base64')}?=`;
}

/** `Name <addr>` with the display name encoded for the charset; the address stays as it is (UTF-8 allowed). */
function addressHeader(value: string, charset: string): string {
  const m = /^\s*(.*?)\s*<([^>]*)>\s*$/.exec(value);
  if (!m || !m[1]) return value;
  return `${headerText(m[1], charset)} <${m[2]}>`;
}

/** A unique Message-ID in the angle-bracket form mail clients send. */
export function newMessageId(domain = 'customer.test'): string {
  return `<${randomBytes(8).toString('hex')}@${domain}>`;
}

function base64Lines(data: Buffer): string {
  return data
    .toString('base64')
    .replace(/.{1,76}/g, '$&\r\n')
    .trimEnd();
}

/**
 * Builds a raw RFC 5322 message as bytes (multipart when it has HTML or attachments), as an inbound relay
 * posts it; the text part is encoded in `charset`.
 */
export function buildMimeBytes(email: MimeEmail): Buffer {
  const charset = email.charset ?? 'utf-8';
  const sevenBit = /^iso-2022-jp$/i.test(charset);
  const headers = [
    `From: ${addressHeader(email.from, charset)}`,
    `To: ${email.to ?? 'support@inbound.test'}`,
    `Subject: ${headerText(email.subject, charset)}`,
    `Date: ${(email.date ?? new Date()).toUTCString()}`,
    ...(email.messageId === false ? [] : [`Message-ID: ${email.messageId ?? newMessageId()}`]),
    ...(email.inReplyTo ? [`In-Reply-To: ${email.inReplyTo}`] : []),
    ...(email.references?.length ? [`References: ${email.references.join(' ')}`] : []),
    'MIME-Version: 1.0',
  ];
  const crlf = (lines: string[]) => Buffer.from(lines.map((l) => `${l}\r\n`).join(''), 'utf8');
  const textHeaders = [`Content-Type: text/plain; charset=${charset}`, `Content-Transfer-Encoding: ${sevenBit ? '7bit' : '8bit'}`, ''];
  const textBody = encodeText(email.text, charset);
  const attachments = email.attachments ?? [];
  if (!email.html && attachments.length === 0) {
    return Buffer.concat([crlf([...headers, ...textHeaders]), textBody, Buffer.from('\r\n')]);
  }
  const textPart = Buffer.concat([crlf(textHeaders), textBody]);
  const alt = `a_${randomBytes(6).toString('hex')}`;
  const body = email.html
    ? Buffer.concat([
        crlf([`Content-Type: multipart/alternative; boundary="${alt}"`, '', `--${alt}`]),
        textPart,
        crlf(['', `--${alt}`, 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '']),
        Buffer.from(email.html, 'utf8'),
        crlf(['', `--${alt}--`]),
      ])
    : textPart;
  const boundary = `b_${randomBytes(6).toString('hex')}`;
  const parts = [
    body,
    ...attachments.map((a) =>
      crlf([
        `Content-Type: ${a.contentType}; name="${a.filename}"`,
        `Content-Disposition: attachment; filename="${a.filename}"`,
        'Content-Transfer-Encoding: base64',
        '',
        base64Lines(a.content),
      ]),
    ),
  ];
  return Buffer.concat([
    crlf([...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`, '']),
    ...parts.flatMap((p) => [Buffer.from(`--${boundary}\r\n`), p, Buffer.from('\r\n')]),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
}

/** The UTF-8 message as a string, for callers that post or sign text. */
export function buildMime(email: MimeEmail): string {
  return buildMimeBytes({ ...email, charset: 'utf-8' }).toString('utf8');
}

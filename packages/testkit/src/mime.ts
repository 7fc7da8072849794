import { randomBytes } from 'node:crypto';

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
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  date?: Date;
  attachments?: MimeAttachment[];
}

/** A unique Message-ID in the angle-bracket form mail clients send. */
export function newMessageId(domain = 'customer.test'): string {
  return `<${randomBytes(8).toString('hex')}@${domain}>`;
}

function base64Lines(data: Buffer): string {
  return data.toString('base64').replace(/.{1,76}/g, '$&\r\n').trimEnd();
}

/** Builds a raw RFC 5322 message (multipart when it has HTML or attachments), as an inbound relay posts it. */
export function buildMime(email: MimeEmail): string {
  const headers = [
    `From: ${email.from}`,
    `To: ${email.to ?? 'support@inbound.test'}`,
    `Subject: ${email.subject}`,
    `Date: ${(email.date ?? new Date()).toUTCString()}`,
    `Message-ID: ${email.messageId ?? newMessageId()}`,
    ...(email.inReplyTo ? [`In-Reply-To: ${email.inReplyTo}`] : []),
    ...(email.references?.length ? [`References: ${email.references.join(' ')}`] : []),
    'MIME-Version: 1.0',
  ];
  const attachments = email.attachments ?? [];
  if (!email.html && attachments.length === 0) {
    return [...headers, 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', email.text, ''].join('\r\n');
  }
  const textPart = ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', email.text].join('\r\n');
  const alt = `a_${randomBytes(6).toString('hex')}`;
  const body = email.html
    ? [
        `Content-Type: multipart/alternative; boundary="${alt}"`,
        '',
        `--${alt}\r\n${textPart}`,
        `--${alt}\r\n${['Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: 8bit', '', email.html].join('\r\n')}`,
        `--${alt}--`,
      ].join('\r\n')
    : textPart;
  const boundary = `b_${randomBytes(6).toString('hex')}`;
  const parts = [
    body,
    ...attachments.map((a) =>
      [
        `Content-Type: ${a.contentType}; name="${a.filename}"`,
        `Content-Disposition: attachment; filename="${a.filename}"`,
        'Content-Transfer-Encoding: base64',
        '',
        base64Lines(a.content),
      ].join('\r\n'),
    ),
  ];
  return [...headers, `Content-Type: multipart/mixed; boundary="${boundary}"`, '', ...parts.map((p) => `--${boundary}\r\n${p}`), `--${boundary}--`, ''].join('\r\n');
}

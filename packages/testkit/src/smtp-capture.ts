import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  file: string | null;
  envelope: { from: string; to: string[] };
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpCapture {
  port: number;
  url: string;
  messages(): CapturedMail[];
  /** Resolves with the first message (already received or arriving) that matches. */
  waitFor(match: (mail: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  clear(): void;
  close(): Promise<void>;
}

/** Recipients the capture refuses with a permanent error, so a failed delivery can be shown and retried on demand. */
export const REJECTED_RECIPIENT = /^reject-[^@]*@/i;

/**
 * A local SMTP server that accepts everything (any auth, no TLS) except recipients named `reject-…@…`, and keeps
 * each message, in memory and, when `dir` is given, as an .eml file, so tests can read what the product really sent.
 */
export async function startSmtpCapture({
  port = 0,
  host = '127.0.0.1',
  dir,
}: { port?: number; host?: string; dir?: string } = {}): Promise<SmtpCapture> {
  if (dir) await mkdir(dir, { recursive: true });
  const received: CapturedMail[] = [];
  const waiters = new Set<{ match: (m: CapturedMail) => boolean; resolve: (m: CapturedMail) => void }>();
  let sequence = 0;

  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onAuth: (_auth, _session, callback) => callback(null, { user: 'capture' }),
    onRcptTo(address, _session, callback) {
      if (REJECTED_RECIPIENT.test(address.address)) {
        return callback(
          Object.assign(new Error(`Mailbox ${address.address} does not exist (the mail catcher rejects reject-... addresses)`), {
            responseCode: 550,
          }),
        );
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void (async () => {
          const parsed = await simpleParser(raw);
          let file: string | null = null;
          if (dir) {
            sequence += 1;
            file = path.join(dir, `${Date.now()}-${String(sequence).padStart(4, '0')}.eml`);
            await writeFile(file, raw);
          }
          const mail: CapturedMail = {
            file,
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            raw: raw.toString('utf8'),
            parsed,
          };
          received.push(mail);
          for (const w of waiters) {
            if (w.match(mail)) {
              waiters.delete(w);
              w.resolve(mail);
            }
          }
        })().then(() => callback(), callback);
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.server.address() as AddressInfo).port;

  return {
    port: actualPort,
    url: `smtp://${host}:${actualPort}`,
    messages: () => [...received],
    waitFor(match, timeoutMs = 10_000) {
      const found = received.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error(`No matching mail within ${timeoutMs} ms (${received.length} received)`));
        }, timeoutMs).unref();
      });
    },
    clear: () => {
      received.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from '@playwright/test';
import { simpleParser } from 'mailparser';
import { MAILBOX_DIR } from './env';

export interface ReceivedMail {
  file: string;
  to: string;
  subject: string;
  text: string;
}

/** Mails the e2e SMTP capture wrote for `to`, oldest first (file names start with the arrival time). */
export async function mailsTo(to: string): Promise<ReceivedMail[]> {
  const files = (await readdir(MAILBOX_DIR).catch(() => [] as string[])).filter((f) => f.endsWith('.eml')).sort();
  const out: ReceivedMail[] = [];
  for (const file of files) {
    const parsed = await simpleParser(await readFile(path.join(MAILBOX_DIR, file)));
    const recipients = [parsed.to]
      .flat()
      .flatMap((a) => a?.value ?? [])
      .map((v) => v.address?.toLowerCase());
    if (recipients.includes(to.toLowerCase())) out.push({ file, to, subject: parsed.subject ?? '', text: parsed.text ?? '' });
  }
  return out;
}

/** Waits for a new mail to `to` (beyond the `seen` it already had) whose subject matches, and returns it. */
export async function waitForMail(to: string, subject: RegExp, seen = 0): Promise<ReceivedMail> {
  let found: ReceivedMail | undefined;
  await expect
    .poll(
      async () => {
        found = (await mailsTo(to)).slice(seen).find((m) => subject.test(m.subject));
        return found !== undefined;
      },
      { timeout: 30_000, intervals: [500] },
    )
    .toBe(true);
  return found as ReceivedMail;
}

/** The path of the first link in a mail that starts with `prefix`, e.g. `/reset-password/`. */
export function linkPath(mail: ReceivedMail, prefix: string): string {
  const match = new RegExp(`https?://[^\\s/]+(${prefix}[A-Za-z0-9_-]+)`).exec(mail.text);
  if (!match?.[1]) throw new Error(`no ${prefix} link in "${mail.subject}"`);
  return match[1];
}

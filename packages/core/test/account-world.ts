import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Actor } from '@helpdesk/db';
import { createRedis, getQueue, jobs } from '@helpdesk/jobs';
import { useTestDatabase, type TestDatabase } from '@helpdesk/testkit/hooks';
import { startSmtpCapture, type CapturedMail, type SmtpCapture } from '@helpdesk/testkit/smtp-capture';
import { createMailTransport, sendAccountMail, signUp } from '../src/index';
import { RateLimiters } from '../src/rate-limit';

/**
 * What the account security tests share: real Postgres (a database of the file's own), real Redis (db 12, a random
 * key prefix per file) and a real SMTP capture, set up by useAccountWorld() in each file.
 */
export const redis = createRedis('redis://127.0.0.1:6379/12');
const prefix = `acct-test-${randomBytes(4).toString('hex')}`;
export const keys = { appSecret: 'test-secret-test-secret-test-secret' };
export const APP_URL = 'http://app.test';
export const PASSWORD = 'correct-horse-battery';

export let fx: TestDatabase;
let smtp: SmtpCapture;
let transport: ReturnType<typeof createMailTransport>;

export function useAccountWorld(): void {
  fx = useTestDatabase();
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    transport = createMailTransport(smtp.url);
  });

  afterAll(async () => {
    await getQueue(jobs.accountMail.queue, redis).obliterate({ force: true });
    await getQueue(jobs.accountMail.queue, redis).close();
    const stale = await redis.keys(`${prefix}*`);
    if (stale.length) await redis.del(...stale);
    redis.disconnect();
    transport.close();
    await smtp.close();
  });
}

export function limiters(
  limits: ConstructorParameters<typeof RateLimiters>[1] extends infer O ? (O extends { limits?: infer L } ? L : never) : never = {},
) {
  return new RateLimiters(redis, { prefix: `${prefix}-${randomBytes(3).toString('hex')}`, limits });
}

export const uniqueEmail = (label: string) => `${label}-${randomBytes(4).toString('hex')}@acct.test`;

export async function owner(label: string) {
  const email = uniqueEmail(label);
  const { tenant, user } = await signUp(fx.db, { tenantName: `${label} Co`, name: 'Olive Owner', email, password: PASSWORD });
  const actor: Actor = { type: 'USER', id: user.id, tenantId: tenant.id, role: 'OWNER', name: 'Olive Owner' };
  return { tenant, user, actor, email };
}

/** Sends the queued account mail for the newest token of `email` and returns what arrived at the SMTP capture. */
export async function deliverLatest(email: string): Promise<CapturedMail> {
  const row = await fx.systemDb.accountToken.findFirstOrThrow({ where: { email }, orderBy: { createdAt: 'desc' } });
  const job = await getQueue(jobs.accountMail.queue, redis).getJob(`account-mail-${row.id}`);
  // The queue carries the row id only: no token, no password hash.
  expect(job?.data).toEqual({ tokenId: row.id });
  smtp.clear();
  expect(await sendAccountMail(fx.systemDb, transport, { tokenId: row.id }, { appUrl: APP_URL, fromDomain: 'mail.test' })).toBe('sent');
  return smtp.waitFor((m) => m.envelope.to.includes(email), 5_000);
}

export const linkToken = (mail: CapturedMail, path: string) =>
  new RegExp(`${APP_URL}${path}/([A-Za-z0-9_-]{40,})`).exec(mail.parsed.text ?? '')?.[1];

export function codeAt(secret: string, at: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at.getTime() });
}

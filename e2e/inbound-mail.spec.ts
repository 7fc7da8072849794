import { createHmac } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { buildMimeBytes, newMessageId, type MimeEmail } from '@helpdesk/testkit/mime';
import { signIn } from './helpers/auth';
import { sql } from './helpers/db';
import { DEMO } from './helpers/env';

// Inbound mail through the real route: the body is posted as bytes and signed over those bytes, as a relay does.
const run = Date.now().toString(36);

async function acme(): Promise<{ id: string; inboundAlias: string; inboundSecret: string }> {
  const [tenant] = await sql<{ id: string; inboundAlias: string; inboundSecret: string }>(
    `SELECT id, "inboundAlias", "inboundSecret" FROM "Tenant" WHERE slug = 'acme'`,
  );
  if (!tenant) throw new Error('the seeded acme tenant is missing');
  return tenant;
}

async function post(request: APIRequestContext, alias: string, secret: string, raw: Buffer) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', secret).update(`${timestamp}.`).update(raw).digest('hex');
  return request.post(`/api/inbound/${alias}`, {
    data: raw,
    headers: { 'content-type': 'message/rfc822', 'x-helpdesk-timestamp': timestamp, 'x-helpdesk-signature': signature },
  });
}

const mails: { label: string; mail: MimeEmail; email: string; name: string }[] = [
  {
    label: 'Latin-1 with a calendar invite',
    mail: {
      from: `Zoë Brontë <zoe-${run}@customer.test>`,
      subject: `Réunion café ${run}`,
      text: 'Grüße! Ça marche pour jeudi?',
      charset: 'ISO-8859-1',
      attachments: [{ filename: 'invite.ics', contentType: 'text/calendar', content: Buffer.from('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n') }],
    },
    email: `zoe-${run}@customer.test`,
    name: 'Zoë Brontë',
  },
  {
    label: 'Shift_JIS with a signature and a gzip file',
    mail: {
      from: `山田太郎 <yamada-${run}@例え.jp>`,
      subject: `注文が届きません ${run}`,
      text: '先週注文した商品がまだ届きません。',
      charset: 'Shift_JIS',
      attachments: [
        {
          filename: 'signature.asc',
          contentType: 'application/pgp-signature',
          content: Buffer.from('-----BEGIN PGP SIGNATURE-----\n-----END PGP SIGNATURE-----\n'),
        },
        { filename: 'logs.gz', contentType: 'application/gzip', content: Buffer.from([0x1f, 0x8b, 8, 0]) },
      ],
    },
    email: `yamada-${run}@例え.jp`,
    name: '山田太郎',
  },
  {
    label: 'ISO-2022-JP from a punycode domain',
    mail: {
      from: `佐藤 <sato-${run}@xn--r8jz45g.jp>`,
      subject: `返金について ${run}`,
      text: '返金の手続きはどうなっていますか。',
      charset: 'ISO-2022-JP',
    },
    email: `sato-${run}@例え.jp`,
    name: '佐藤',
  },
];

test.describe('inbound mail over HTTP', () => {
  for (const { label, mail, email, name } of mails) {
    test(`${label}: signed over raw bytes, becomes a ticket with the right sender, body and attachments`, async ({ request }) => {
      const tenant = await acme();
      const response = await post(
        request,
        tenant.inboundAlias,
        tenant.inboundSecret,
        buildMimeBytes({ ...mail, messageId: newMessageId() }),
      );
      expect(response.status(), await response.text()).toBe(201);
      const [row] = await sql<{ subject: string; email: string; name: string; body: string; files: string | null }>(
        `SELECT t.subject, c.email, c.name, m."bodyText" AS body, string_agg(a.filename || ':' || a."contentType", ',' ORDER BY a.filename) AS files
           FROM "Ticket" t JOIN "Customer" c ON c.id = t."customerId" JOIN "Message" m ON m."ticketId" = t.id
           LEFT JOIN "Attachment" a ON a."messageId" = m.id
          WHERE t."tenantId" = $1 AND t.subject = $2 GROUP BY t.subject, c.email, c.name, m."bodyText"`,
        [tenant.id, mail.subject],
      );
      expect(row).toMatchObject({ subject: mail.subject, email, name });
      expect(row!.body.trim()).toBe(mail.text);
      expect(row!.files ?? '').toBe(
        (mail.attachments ?? [])
          .map((a) => `${a.filename}:${a.contentType}`)
          .sort()
          .join(','),
      );
    });
  }

  test('an agent downloads an attachment of a type we do not show, as bytes', async ({ page }) => {
    const tenant = await acme();
    const [file] = await sql<{ id: string }>(
      `SELECT a.id FROM "Attachment" a WHERE a."tenantId" = $1 AND a.filename = 'invite.ics' ORDER BY a."createdAt" DESC LIMIT 1`,
      [tenant.id],
    );
    expect(file).toBeDefined();
    await signIn(page, DEMO.agent, DEMO.password);
    const res = await page.request.get(`/api/attachments/${file!.id}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/octet-stream');
    expect(res.headers()['content-disposition']).toContain('attachment; filename="invite.ics"');
    expect(res.headers()['x-content-type-options']).toBe('nosniff');
    expect((await res.body()).toString()).toBe('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n');
  });

  test('an unknown alias is 404 and an oversized declared body 413, before the body is read', async ({ request }) => {
    const tenant = await acme();
    const raw = buildMimeBytes({ from: 'x@customer.test', subject: 'x', text: 'x' });
    expect((await post(request, `no-such-${run}`, tenant.inboundSecret, raw)).status()).toBe(404);
    const big = Buffer.alloc(26 * 1024 * 1024, 0x61);
    const res = await post(request, tenant.inboundAlias, tenant.inboundSecret, big);
    expect(res.status()).toBe(413);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('rawMime');
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTenant } from '@helpdesk/testkit';
import { useTempDir, useTestDatabase } from '@helpdesk/testkit/hooks';
import { buildMime, buildMimeBytes, encodeText, newMessageId } from '@helpdesk/testkit/mime';
import { LocalDiskAttachmentStore, receiveInboundEmail } from '../src/index';
import { openAttachment } from '../src/attachments';
import { findInboundTenant, readInboundBody } from '../src/inbound-email';
import { counts, filesUnder, signed } from './inbound-fixtures';

const fx = useTestDatabase();
const storage = useTempDir('inbound-');

describe('inbound mail that loses nothing', () => {
  it('stores attachments of types we do not show and offers them as files, instead of refusing the mail', async () => {
    const tenant = await makeTenant(fx.db);
    const store = new LocalDiskAttachmentStore(storage.path, 1024 * 1024);
    const files = [
      {
        filename: 'invite.ics',
        contentType: 'text/calendar; method=REQUEST',
        content: Buffer.from('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n'),
      },
      {
        filename: 'signature.asc',
        contentType: 'application/pgp-signature',
        content: Buffer.from('-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n'),
      },
      { filename: 'logs.tar.gz', contentType: 'application/gzip', content: Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]) },
      { filename: 'tool.exe', contentType: 'application/x-msdownload', content: Buffer.from('MZ fake') },
      { filename: 'weird.bin', contentType: 'not a mime type', content: Buffer.from([0, 1, 2]) },
    ];
    const raw = buildMime({ from: 'Files <files@customer.test>', subject: 'Meeting and logs', text: 'Attached.', attachments: files });
    const result = await receiveInboundEmail(fx.db, signed(tenant, raw), { store });
    expect(result.outcome).toBe('created');
    const message = await fx.db.message.findFirstOrThrow({
      where: { id: result.messageId, tenantId: tenant.id },
      include: { attachments: { orderBy: { filename: 'asc' } } },
    });
    expect(message.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['invite.ics', 'text/calendar'],
      ['logs.tar.gz', 'application/gzip'],
      ['signature.asc', 'application/pgp-signature'],
      ['tool.exe', 'application/x-msdownload'],
      ['weird.bin', 'application/octet-stream'],
    ]);
    for (const a of message.attachments) {
      const original = files.find((f) => f.filename === a.filename)!;
      expect((await store.get(tenant.id, a.storageKey)).equals(original.content)).toBe(true);
      // Offered as a download: the bytes as received, as a type no browser renders.
      const download = await openAttachment(fx.db, store, tenant.id, a.id);
      expect(download).toMatchObject({ filename: a.filename, contentType: 'application/octet-stream' });
      expect(download.data.equals(original.content)).toBe(true);
    }
    const other = await makeTenant(fx.db);
    await expect(openAttachment(fx.db, store, other.id, message.attachments[0]!.id)).rejects.toMatchObject({ status: 404 });
  });

  const charsets = [
    { charset: 'ISO-8859-1', subject: 'Réclamation: café froid', name: 'Zoë Brontë', text: 'Grüße aus Köln. Ça ne marche pas, señor.' },
    { charset: 'windows-1252', subject: 'Rückerstattung „bitte“', name: 'Jürgen Weiß', text: 'Der Preis war 12,50 € – zu viel.' },
    { charset: 'Shift_JIS', subject: '注文が届きません', name: '山田太郎', text: '先週注文した商品がまだ届きません。確認をお願いします。' },
    { charset: 'ISO-2022-JP', subject: '返金について', name: '佐藤花子', text: '返金の手続きはどうなっていますか。よろしくお願いします。' },
  ];
  for (const c of charsets) {
    it(`decodes a ${c.charset} mail signed over its raw bytes: subject, sender name and body arrive intact`, async () => {
      const tenant = await makeTenant(fx.db);
      const raw = buildMimeBytes({ from: `${c.name} <sender@customer.test>`, subject: c.subject, text: c.text, charset: c.charset });
      expect(raw.includes(encodeText(c.text, c.charset))).toBe(true);
      // Decoding the bytes as UTF-8 first (what the route did) changes what was signed.
      const asText = raw.toString('utf8');
      if (!Buffer.from(asText, 'utf8').equals(raw)) {
        await expect(receiveInboundEmail(fx.db, { ...signed(tenant, raw), rawMime: asText })).rejects.toMatchObject({ status: 401 });
      }
      const result = await receiveInboundEmail(fx.db, signed(tenant, raw));
      expect(result.outcome).toBe('created');
      const ticket = await fx.db.ticket.findFirstOrThrow({
        where: { id: result.ticketId, tenantId: tenant.id },
        include: { customer: true },
      });
      expect(ticket.subject).toBe(c.subject);
      expect(ticket.customer).toMatchObject({ email: 'sender@customer.test', name: c.name });
      const message = await fx.db.message.findFirstOrThrow({ where: { id: result.messageId, tenantId: tenant.id } });
      expect(message.bodyText.trim()).toBe(c.text);
    });
  }

  it('accepts UTF-8 (RFC 6532) and IDN sender addresses, one customer per mailbox whatever the spelling', async () => {
    const tenant = await makeTenant(fx.db);
    const utf8 = await receiveInboundEmail(
      fx.db,
      signed(tenant, buildMimeBytes({ from: 'José Müller <José@Bücher.example>', subject: 'Bestellung', text: 'Hallo' })),
    );
    const punycode = await receiveInboundEmail(
      fx.db,
      signed(tenant, buildMimeBytes({ from: 'jose <josé@xn--bcher-kva.example>', subject: 'Nochmal', text: 'Hallo?' })),
    );
    const idnOnly = await receiveInboundEmail(
      fx.db,
      signed(tenant, buildMimeBytes({ from: 'Info <info@例え.jp>', subject: '質問', text: 'こんにちは' })),
    );
    const customers = await fx.db.customer.findMany({
      where: { tenantId: tenant.id },
      orderBy: { email: 'asc' },
      select: { email: true, name: true },
    });
    expect(customers).toEqual([
      { email: 'info@例え.jp', name: 'Info' },
      { email: 'josé@bücher.example', name: 'José Müller' },
    ]);
    for (const r of [utf8, punycode, idnOnly]) expect(r.outcome).toBe('created');
    const tickets = await fx.db.ticket.findMany({
      where: { tenantId: tenant.id },
      select: { id: true, customer: { select: { email: true } } },
    });
    expect(tickets.filter((t) => t.customer.email === 'josé@bücher.example')).toHaveLength(2);
  });

  it('de-duplicates mail without a Message-ID by its content (sender, subject, body, date)', async () => {
    const tenant = await makeTenant(fx.db);
    const date = new Date(Date.UTC(2026, 10, 30, 9, 15));
    const raw = buildMimeBytes({ from: 'nomid@customer.test', subject: 'No id', text: 'sent by a script', messageId: false, date });
    expect(raw.toString('latin1')).not.toMatch(/^Message-ID:/im);
    const [a, b] = await Promise.all([receiveInboundEmail(fx.db, signed(tenant, raw)), receiveInboundEmail(fx.db, signed(tenant, raw))]);
    expect([a!.outcome, b!.outcome].sort()).toEqual(['created', 'duplicate']);
    expect(await receiveInboundEmail(fx.db, signed(tenant, raw))).toMatchObject({ outcome: 'duplicate', ticketId: a!.ticketId });
    // The same words sent again later are a new message, not a duplicate.
    const later = buildMimeBytes({
      from: 'nomid@customer.test',
      subject: 'No id',
      text: 'sent by a script',
      messageId: false,
      date: new Date(date.getTime() + 60_000),
    });
    expect((await receiveInboundEmail(fx.db, signed(tenant, later))).outcome).toBe('created');
    expect(await counts(fx.db, tenant.id)).toMatchObject({ tickets: 2, messages: 2 });
  });

  it('answers 400 naming the field for NUL characters in a subject or body, storing nothing', async () => {
    const tenant = await makeTenant(fx.db);
    const dir = await mkdtemp(path.join(tmpdir(), 'inbound-nul-'));
    const store = new LocalDiskAttachmentStore(dir, 1024);
    const nulSubject = `From: a@customer.test\r\nSubject: =?utf-8?B?${Buffer.from('bad\u0000subject').toString('base64')}?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n`;
    await expect(receiveInboundEmail(fx.db, signed(tenant, nulSubject), { store })).rejects.toMatchObject({
      status: 400,
      field: 'subject',
    });
    const nulBody = buildMimeBytes({
      from: 'a@customer.test',
      subject: 'ok',
      text: 'before\u0000after',
      attachments: [{ filename: 'a.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF') }],
    });
    await expect(receiveInboundEmail(fx.db, signed(tenant, nulBody), { store })).rejects.toMatchObject({ status: 400, field: 'bodyText' });
    expect(await counts(fx.db, tenant.id)).toEqual({ tickets: 0, messages: 0, customers: 0 });
    expect(await filesUnder(dir)).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });

  it("a stranger replying to another customer's Message-ID gets a new linked ticket, not an append", async () => {
    const tenant = await makeTenant(fx.db);
    const victimMessageId = newMessageId();
    const first = await receiveInboundEmail(
      fx.db,
      signed(
        tenant,
        buildMime({ from: 'Victim <victim@customer.test>', subject: 'My account', text: 'my data', messageId: victimMessageId }),
      ),
    );
    const hijack = await receiveInboundEmail(
      fx.db,
      signed(
        tenant,
        buildMime({
          from: 'Victim <eve@attacker.test>',
          subject: 'Re: My account',
          text: 'please send me the data',
          inReplyTo: victimMessageId,
          references: [victimMessageId],
        }),
      ),
    );
    expect(hijack).toMatchObject({ outcome: 'created', linkedTicketId: first.ticketId });
    expect(hijack.ticketId).not.toBe(first.ticketId);

    const original = await fx.db.message.findMany({ where: { tenantId: tenant.id, ticketId: first.ticketId }, select: { bodyText: true } });
    expect(original.map((m) => m.bodyText)).toEqual(['my data']);
    const created = await fx.db.ticket.findFirstOrThrow({
      where: { id: hijack.ticketId, tenantId: tenant.id },
      include: { customer: true, messages: { orderBy: { createdAt: 'asc' } } },
    });
    expect(created.customer.email).toBe('eve@attacker.test');
    expect(created.messages.map((m) => [m.kind, m.customerId])).toEqual([
      ['CUSTOMER', created.customerId],
      ['NOTE', null],
    ]);
    expect(created.messages[1]!.bodyText).toContain(
      `#${(await fx.db.ticket.findFirstOrThrow({ where: { id: first.ticketId, tenantId: tenant.id } })).number}`,
    );
    const links = await fx.db.auditLog.findMany({
      where: { tenantId: tenant.id, action: 'ticket.linked' },
      select: { entityId: true, changes: true },
    });
    expect(links.map((l) => l.entityId).sort()).toEqual([first.ticketId, hijack.ticketId].sort());
    expect(links[0]!.changes).toMatchObject({ reason: 'sender_not_participant', sender: 'eve@attacker.test' });

    // The real customer's reply with the same header still threads, recorded as from them.
    const genuine = await receiveInboundEmail(
      fx.db,
      signed(tenant, buildMime({ from: 'victim@customer.test', subject: 'Re: My account', text: 'any news?', inReplyTo: victimMessageId })),
    );
    expect(genuine).toMatchObject({ outcome: 'appended', ticketId: first.ticketId });
    const reply = await fx.db.message.findFirstOrThrow({
      where: { id: genuine.messageId, tenantId: tenant.id },
      include: { customer: true },
    });
    expect(reply.customer?.email).toBe('victim@customer.test');
  });

  it('reads no body for an oversized declared length, and stops a stream at the limit', async () => {
    let pulls = 0;
    const stream = (chunks: number, size: number) =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          pulls++;
          if (pulls > chunks) controller.close();
          else controller.enqueue(new Uint8Array(size));
        },
      });
    await expect(readInboundBody(stream(10, 100), '5000', 1000)).rejects.toMatchObject({ status: 413, field: 'rawMime' });
    expect(pulls).toBe(0);
    pulls = 0;
    await expect(readInboundBody(stream(1000, 100), null, 1000)).rejects.toMatchObject({ status: 413, field: 'rawMime' });
    expect(pulls).toBe(11);
    pulls = 0;
    expect((await readInboundBody(stream(3, 100), '300', 1000)).length).toBe(300);
  });

  it('unknown or malformed aliases are 404 before anything else', async () => {
    await expect(findInboundTenant(fx.db, 'no-such-alias')).rejects.toMatchObject({ status: 404 });
    await expect(findInboundTenant(fx.db, 'bad\u0000alias')).rejects.toMatchObject({ status: 404 });
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeMember, makeTenant } from '@helpdesk/testkit';
import { useTempDir, useTestDatabase } from '@helpdesk/testkit/hooks';
import { buildMime, newMessageId } from '@helpdesk/testkit/mime';
import { LocalDiskAttachmentStore, addMessage, receiveInboundEmail, signInbound, updateTicket } from '../src/index';
import { counts, filesUnder, signed } from './inbound-fixtures';

const fx = useTestDatabase();
const storage = useTempDir('inbound-');

describe('receiveInboundEmail', () => {
  it('creates a ticket from a signed email, with sanitized HTML and stored attachments', async () => {
    const tenant = await makeTenant(fx.db);
    const store = new LocalDiskAttachmentStore(storage.path, 1024 * 1024);
    const raw = buildMime({
      from: 'Dana Q <Dana@Customer.test>',
      subject: 'Broken blender',
      text: 'It stopped working.',
      html: '<p onclick="x()">It stopped <b>working</b>.</p><script>steal()</script>',
      attachments: [{ filename: 'receipt.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 fake') }],
    });
    const result = await receiveInboundEmail(fx.db, signed(tenant, raw), { store });
    expect(result.outcome).toBe('created');
    const ticket = await fx.db.ticket.findFirstOrThrow({
      where: { id: result.ticketId, tenantId: tenant.id },
      include: { customer: true },
    });
    expect(ticket).toMatchObject({ subject: 'Broken blender', channel: 'EMAIL', number: 1 });
    expect(ticket.customer).toMatchObject({ email: 'dana@customer.test', name: 'Dana Q' });
    const message = await fx.db.message.findFirstOrThrow({
      where: { id: result.messageId, tenantId: tenant.id },
      include: { attachments: true },
    });
    expect(message.bodyHtml).toBe('<p>It stopped <b>working</b>.</p>');
    expect(message.attachments.map((a) => [a.filename, a.contentType, a.size])).toEqual([['receipt.pdf', 'application/pdf', 13]]);
    expect((await store.get(tenant.id, message.attachments[0]!.storageKey)).toString()).toBe('%PDF-1.4 fake');
    expect(await fx.db.outboxEvent.count({ where: { tenantId: tenant.id, type: 'ticket.created' } })).toBe(1);
  });

  it('refuses bad signatures, stale timestamps and unknown aliases without storing anything', async () => {
    const tenant = await makeTenant(fx.db);
    const raw = buildMime({ from: 'a@customer.test', subject: 'Hi', text: 'hello' });
    const good = signed(tenant, raw);
    await expect(
      receiveInboundEmail(fx.db, { ...good, signature: signInbound('wrong-secret', good.timestamp, raw) }),
    ).rejects.toMatchObject({ status: 401 });
    await expect(receiveInboundEmail(fx.db, { ...good, rawMime: raw.replace('hello', 'HELLO') })).rejects.toMatchObject({ status: 401 });
    await expect(receiveInboundEmail(fx.db, signed(tenant, raw, new Date(Date.now() - 6 * 60_000)))).rejects.toMatchObject({ status: 401 });
    await expect(receiveInboundEmail(fx.db, { ...good, alias: 'no-such-alias' })).rejects.toMatchObject({ status: 404 });
    // A capture replayed after the window is refused even though its signature is genuine.
    const captured = signed(tenant, raw, new Date(Date.now() - 10 * 60_000));
    await expect(receiveInboundEmail(fx.db, captured)).rejects.toMatchObject({ status: 401 });
    expect(await counts(fx.db, tenant.id)).toEqual({ tickets: 0, messages: 0, customers: 0 });
  });

  it('rejects malformed MIME with 400 naming rawMime', async () => {
    const tenant = await makeTenant(fx.db);
    await expect(receiveInboundEmail(fx.db, signed(tenant, 'this is not an email at all'))).rejects.toMatchObject({
      status: 400,
      field: 'rawMime',
    });
    await expect(receiveInboundEmail(fx.db, signed(tenant, 'Subject: no sender\r\n\r\nbody'))).rejects.toMatchObject({
      status: 400,
      field: 'rawMime',
    });
    expect(await counts(fx.db, tenant.id)).toEqual({ tickets: 0, messages: 0, customers: 0 });
  });

  it('the same Message-ID twice (even concurrently) creates one ticket', async () => {
    const tenant = await makeTenant(fx.db);
    const raw = buildMime({ from: 'b@customer.test', subject: 'Twice', text: 'once', messageId: newMessageId() });
    const results = await Promise.all([receiveInboundEmail(fx.db, signed(tenant, raw)), receiveInboundEmail(fx.db, signed(tenant, raw))]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['created', 'duplicate']);
    expect(results[0]!.ticketId).toBe(results[1]!.ticketId);
    const again = await receiveInboundEmail(fx.db, signed(tenant, raw));
    expect(again).toMatchObject({ outcome: 'duplicate', ticketId: results[0]!.ticketId });
    expect(await counts(fx.db, tenant.id)).toMatchObject({ tickets: 1, messages: 1 });
  });

  it('threads replies by In-Reply-To/References and by [#number] from the same customer', async () => {
    const tenant = await makeTenant(fx.db);
    const agent = await makeMember(fx.db, tenant.id);
    const firstId = newMessageId();
    const first = await receiveInboundEmail(
      fx.db,
      signed(tenant, buildMime({ from: 'c@customer.test', subject: 'Refund', text: 'please', messageId: firstId })),
    );
    const byHeader = await receiveInboundEmail(
      fx.db,
      signed(
        tenant,
        buildMime({ from: 'c@customer.test', subject: 'Re: Refund', text: 'any news?', inReplyTo: firstId, references: [firstId] }),
      ),
    );
    expect(byHeader).toMatchObject({ outcome: 'appended', ticketId: first.ticketId });

    const bySubject = await receiveInboundEmail(
      fx.db,
      signed(tenant, buildMime({ from: 'c@customer.test', subject: 'Re: [#1] Refund', text: 'hello?' })),
    );
    expect(bySubject).toMatchObject({ outcome: 'appended', ticketId: first.ticketId });
    // Someone else quoting the number does not get into the thread.
    const stranger = await receiveInboundEmail(
      fx.db,
      signed(tenant, buildMime({ from: 'x@other.test', subject: '[#1] Refund', text: 'me too' })),
    );
    expect(stranger.outcome).toBe('created');
    expect(stranger.ticketId).not.toBe(first.ticketId);

    const ticket = await fx.db.ticket.findFirstOrThrow({ where: { id: first.ticketId, tenantId: tenant.id } });
    expect(ticket.contentVersion).toBe(3);

    // Solved tickets reopen on a reply; closed ones start a new ticket.
    await addMessage(fx.db, agent, { ticketId: first.ticketId, kind: 'REPLY', bodyText: 'refunded', status: 'SOLVED' });
    await receiveInboundEmail(
      fx.db,
      signed(tenant, buildMime({ from: 'c@customer.test', subject: 'Re: [#1] Refund', text: 'not received' })),
    );
    expect((await fx.db.ticket.findFirstOrThrow({ where: { id: first.ticketId, tenantId: tenant.id } })).status).toBe('OPEN');
    await updateTicket(fx.db, agent, first.ticketId, { status: 'SOLVED' });
    await updateTicket(fx.db, agent, first.ticketId, { status: 'CLOSED' });
    const afterClose = await receiveInboundEmail(
      fx.db,
      signed(tenant, buildMime({ from: 'c@customer.test', subject: 'Re: [#1] Refund', text: 'again', inReplyTo: firstId })),
    );
    expect(afterClose.outcome).toBe('created');
  });

  it('refuses a mail whose attachment is over the size limit, storing nothing and leaving no file behind', async () => {
    const tenant = await makeTenant(fx.db);
    const dir = await mkdtemp(path.join(tmpdir(), 'inbound-reject-'));
    const store = new LocalDiskAttachmentStore(dir, 100);
    // The first file fits and is written before the second one is refused: it must be gone afterwards.
    const big = buildMime({
      from: 'd@customer.test',
      subject: 'Big',
      text: 'see files',
      attachments: [
        { filename: 'small.pdf', contentType: 'application/pdf', content: Buffer.alloc(50, 7) },
        { filename: 'big.pdf', contentType: 'application/pdf', content: Buffer.alloc(200, 1) },
      ],
    });
    await expect(receiveInboundEmail(fx.db, signed(tenant, big), { store })).rejects.toMatchObject({ status: 413, field: 'attachments' });
    expect(await counts(fx.db, tenant.id)).toEqual({ tickets: 0, messages: 0, customers: 0 });
    expect(await filesUnder(dir)).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });
});

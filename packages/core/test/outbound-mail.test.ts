import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeTenant, type TestTenant } from '@helpdesk/testkit';
import { buildMime, newMessageId } from '@helpdesk/testkit/mime';
import { addMessage, createMailTransport, receiveInboundEmail, sendMessageMail, signInbound } from '../src/index';

import { useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase();
let smtp: SMTPServer;
let smtpUrl: string;
const received: ParsedMail[] = [];
let rejectNext = false;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      if (rejectNext) {
        rejectNext = false;
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 })));
        return;
      }
      simpleParser(stream).then((mail) => {
        received.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** A customer's mail as the relay delivers it to the tenant's alias: signed with the alias's secret, now. */
function receive(tenant: TestTenant, raw: string | Buffer) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return receiveInboundEmail(fx.db, {
    alias: tenant.inboundAlias,
    rawMime: raw,
    timestamp,
    signature: signInbound(tenant.inboundSecret, timestamp, raw),
  });
}

async function emailTicket() {
  const tenant = await makeTenant(fx.db, 'Acme Support');
  const agent = await makeMember(fx.db, tenant.id, 'AGENT', 'Riley');
  const customerMessageId = newMessageId();
  const raw = buildMime({ from: 'Sam <sam@customer.test>', subject: 'Late delivery', text: 'Where is it?', messageId: customerMessageId });
  const inbound = await receive(tenant, raw);
  return { tenant, agent, ticketId: inbound.ticketId, customerMessageId };
}

describe('sendMessageMail', () => {
  it('delivers a reply to the SMTP server with threading headers and marks it SENT', async () => {
    const { tenant, agent, ticketId, customerMessageId } = await emailTicket();
    const reply = await addMessage(fx.db, agent, {
      ticketId,
      kind: 'REPLY',
      bodyText: 'It ships today.',
      bodyHtml: '<p>It ships <b>today</b>.</p>',
    });
    const transport = createMailTransport(smtpUrl);
    expect(await sendMessageMail(fx.db, transport, { tenantId: tenant.id, messageId: reply.id }, { fromDomain: 'helpdesk.test' })).toBe(
      'sent',
    );

    const mail = received.find((m) => m.text?.includes('It ships today.'));
    expect(mail).toBeDefined();
    expect(mail!.subject).toBe('[#1] Late delivery');
    expect(mail!.to).toMatchObject({ value: [{ address: 'sam@customer.test' }] });
    expect(mail!.from).toMatchObject({ value: [{ address: `${tenant.inboundAlias}@helpdesk.test`, name: 'Acme Support' }] });
    expect(mail!.inReplyTo).toBe(customerMessageId);
    const stored = await fx.db.message.findFirstOrThrow({ where: { id: reply.id, tenantId: tenant.id } });
    expect(stored.deliveryStatus).toBe('SENT');
    expect(stored.deliveredAt).not.toBeNull();
    expect(mail!.messageId).toBe(stored.emailMessageId);

    // Sending again (a retried job) does not deliver twice.
    const before = received.length;
    expect(await sendMessageMail(fx.db, transport, { tenantId: tenant.id, messageId: reply.id }, { fromDomain: 'helpdesk.test' })).toBe(
      'already_sent',
    );
    expect(received.length).toBe(before);
  });

  it('records FAILED with the SMTP error, then SENT with the same Message-ID when a retry succeeds', async () => {
    const { tenant, agent, ticketId } = await emailTicket();
    const reply = await addMessage(fx.db, agent, { ticketId, kind: 'REPLY', bodyText: 'Retry me' });
    const transport = createMailTransport(smtpUrl);
    rejectNext = true;
    await expect(
      sendMessageMail(fx.db, transport, { tenantId: tenant.id, messageId: reply.id }, { fromDomain: 'helpdesk.test' }),
    ).rejects.toThrow(/mailbox unavailable/);
    const failed = await fx.db.message.findFirstOrThrow({ where: { id: reply.id, tenantId: tenant.id } });
    expect(failed.deliveryStatus).toBe('FAILED');
    expect(failed.deliveryError).toMatch(/mailbox unavailable/);

    await sendMessageMail(fx.db, transport, { tenantId: tenant.id, messageId: reply.id }, { fromDomain: 'helpdesk.test' });
    const sent = await fx.db.message.findFirstOrThrow({ where: { id: reply.id, tenantId: tenant.id } });
    expect(sent).toMatchObject({ deliveryStatus: 'SENT', deliveryError: null, emailMessageId: failed.emailMessageId });
    expect(received.filter((m) => m.messageId === sent.emailMessageId)).toHaveLength(1);
  });

  it('the customer answering our mail threads back into the ticket', async () => {
    const { tenant, agent, ticketId } = await emailTicket();
    const reply = await addMessage(fx.db, agent, { ticketId, kind: 'REPLY', bodyText: 'Anything else?' });
    await sendMessageMail(
      fx.db,
      createMailTransport(smtpUrl),
      { tenantId: tenant.id, messageId: reply.id },
      { fromDomain: 'helpdesk.test' },
    );
    const ours = await fx.db.message.findFirstOrThrow({ where: { id: reply.id, tenantId: tenant.id } });
    const raw = buildMime({ from: 'sam@customer.test', subject: 'Re: no tag here', text: 'No, thanks', inReplyTo: ours.emailMessageId! });
    const back = await receive(tenant, raw);
    expect(back).toMatchObject({ outcome: 'appended', ticketId });
  });

  it('never sends notes', async () => {
    const { tenant, agent, ticketId } = await emailTicket();
    const note = await addMessage(fx.db, agent, { ticketId, kind: 'NOTE', bodyText: 'private' });
    expect(
      await sendMessageMail(
        fx.db,
        createMailTransport(smtpUrl),
        { tenantId: tenant.id, messageId: note.id },
        { fromDomain: 'helpdesk.test' },
      ),
    ).toBe('not_sendable');
    expect(received.some((m) => m.text?.includes('private'))).toBe(false);
  });
});

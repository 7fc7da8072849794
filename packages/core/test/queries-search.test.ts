import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '@helpdesk/jobs';
import { makeTenant } from '@helpdesk/testkit';
import {
  inboxChangeToken,
  leavePresence,
  listPresence,
  searchTickets,
  ticketChangeToken,
  toHighlight,
  touchPresence,
} from '../src/queries/index';
import { insertTicket, makeAgent, makeCustomer } from './queries-fixtures';
import { useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase({ prefix: 'hd_qsearch', pool: 4 });
let tenantId: string;
let otherTenantId: string;
let agent: string;
const redis = createRedis('redis://127.0.0.1:6379/2');

beforeAll(async () => {
  await redis.flushdb();
  tenantId = (await makeTenant(fx.db, 'Search')).id;
  otherTenantId = (await makeTenant(fx.db, 'Other')).id;
  agent = await makeAgent(fx.db, tenantId, 'Agent');
  const c = await makeCustomer(fx.db, tenantId, 'erin@example.test', 'Erin');
  await insertTicket(fx.db, tenantId, {
    subject: 'Refund for a broken kettle',
    customerId: c,
    body: 'The kettle stopped working after two days.',
    status: 'OPEN',
  });
  await insertTicket(fx.db, tenantId, {
    subject: 'Question about my order',
    customerId: c,
    body: 'Can I get a refund? The parcel never arrived, the courier lost it.',
    status: 'PENDING',
  });
  await insertTicket(fx.db, tenantId, {
    subject: 'Password reset',
    customerId: c,
    body: 'I cannot sign in to my account.',
    status: 'OPEN',
    assigneeId: agent,
  });
  const o = await makeCustomer(fx.db, otherTenantId, 'erin@example.test', 'Erin');
  await insertTicket(fx.db, otherTenantId, { subject: 'Refund please', customerId: o, body: 'refund refund refund kettle courier' });
});

afterAll(async () => {
  redis.disconnect();
});

describe('searchTickets', () => {
  it('ranks a subject match above a body-only match and highlights both', async () => {
    const { hits } = await searchTickets(fx.db, tenantId, 'refund', {});
    expect(hits.map((h) => h.subject)).toEqual(['Refund for a broken kettle', 'Question about my order']);
    expect(hits[0]!.rank).toBeGreaterThan(hits[1]!.rank);
    expect(hits[0]!.subjectHighlight).toEqual([
      { text: 'Refund', match: true },
      { text: ' for a broken kettle', match: false },
    ]);
    expect(hits[1]!.message?.snippet.filter((s) => s.match).map((s) => s.text)).toEqual(['refund']);
    expect(hits[1]!.message?.kind).toBe('CUSTOMER');
  });

  it('finds words of any message by their stem and supports websearch syntax', async () => {
    expect((await searchTickets(fx.db, tenantId, 'couriers', {})).hits.map((h) => h.subject)).toEqual(['Question about my order']);
    expect((await searchTickets(fx.db, tenantId, 'refund -kettle', {})).hits.map((h) => h.subject)).toEqual(['Question about my order']);
    expect((await searchTickets(fx.db, tenantId, '"sign in"', {})).hits.map((h) => h.subject)).toEqual(['Password reset']);
    expect((await searchTickets(fx.db, tenantId, 'kettle OR account', {})).hits).toHaveLength(2);
  });

  it('finds a ticket by its number, with or without #, first and in its own tenant only', async () => {
    const c = await fx.db.customer.findFirstOrThrow({ where: { tenantId, email: 'erin@example.test' } });
    await insertTicket(fx.db, tenantId, { subject: 'Closed long ago', customerId: c.id, body: 'Nothing to see.', status: 'CLOSED' });
    const closed = await fx.db.ticket.findFirstOrThrow({ where: { tenantId, subject: 'Closed long ago' } });
    for (const q of [String(closed.number), `#${closed.number}`]) {
      expect((await searchTickets(fx.db, tenantId, q, {})).hits[0]?.subject).toBe('Closed long ago');
      expect((await searchTickets(fx.db, tenantId, q, { status: ['OPEN'] })).hits.map((h) => h.subject)).not.toContain('Closed long ago');
      expect((await searchTickets(fx.db, otherTenantId, q, {})).hits.map((h) => h.subject)).not.toContain('Closed long ago');
    }
  });

  it('combines with list filters', async () => {
    expect((await searchTickets(fx.db, tenantId, 'refund', { status: ['PENDING'] })).hits.map((h) => h.subject)).toEqual([
      'Question about my order',
    ]);
    expect((await searchTickets(fx.db, tenantId, 'sign', { assigneeId: 'me' }, { viewerId: agent })).hits).toHaveLength(1);
    expect((await searchTickets(fx.db, tenantId, 'sign', { assigneeId: 'unassigned' })).hits).toHaveLength(0);
  });

  it('sees a message added after the ticket was created', async () => {
    const t = await fx.db.ticket.findFirstOrThrow({ where: { tenantId, subject: 'Password reset' } });
    await fx.db.message.create({
      data: { tenantId, ticketId: t.id, kind: 'REPLY', authorUserId: agent, bodyText: 'Try the magic link we emailed.' },
    });
    const { hits } = await searchTickets(fx.db, tenantId, 'magic link', {});
    expect(hits.map((h) => [h.subject, h.message?.kind])).toEqual([['Password reset', 'REPLY']]);
  });

  it('never returns another tenant’s tickets and rejects an empty query naming the field', async () => {
    const { hits } = await searchTickets(fx.db, tenantId, 'courier', {});
    expect(hits.every((h) => h.customer.email === 'erin@example.test' && h.subject !== 'Refund please')).toBe(true);
    expect((await searchTickets(fx.db, otherTenantId, 'password', {})).hits).toHaveLength(0);
    await expect(searchTickets(fx.db, tenantId, '   ', {})).rejects.toMatchObject({ field: 'q', status: 400 });
  });

  it('splits headlines into segments without interpreting markup', () => {
    expect(toHighlight('a <b>\u0001x\u0002 y')).toEqual([
      { text: 'a <b>', match: false },
      { text: 'x', match: true },
      { text: ' y', match: false },
    ]);
  });
});

describe('live updates', () => {
  it('tracks who is viewing a ticket, with expiry', async () => {
    const now = Date.now();
    await touchPresence(redis, tenantId, 't1', { userId: 'u1', name: 'Ann' }, now);
    const both = await touchPresence(redis, tenantId, 't1', { userId: 'u2', name: 'Ben' }, now);
    expect(both.map((v) => v.name)).toEqual(['Ann', 'Ben']);
    expect(await listPresence(redis, otherTenantId, 't1', now)).toEqual([]);
    expect((await listPresence(redis, tenantId, 't1', now + 31_000)).map((v) => v.name)).toEqual([]);
    await leavePresence(redis, tenantId, 't1', { userId: 'u1', name: 'Ann' });
    expect((await listPresence(redis, tenantId, 't1', now)).map((v) => v.name)).toEqual(['Ben']);
    expect(await redis.ttl(`presence:${tenantId}:t1`)).toBeGreaterThan(0);
  });

  it('changes the inbox and ticket tokens when a ticket or its thread changes', async () => {
    const t = await fx.db.ticket.findFirstOrThrow({ where: { tenantId, subject: 'Password reset' } });
    const inbox = await inboxChangeToken(fx.db, tenantId);
    const ticket = await ticketChangeToken(fx.db, tenantId, t.id);
    await fx.db.message.create({ data: { tenantId, ticketId: t.id, kind: 'NOTE', authorUserId: agent, bodyText: 'noted' } });
    expect(await ticketChangeToken(fx.db, tenantId, t.id)).not.toBe(ticket);
    await new Promise((r) => setTimeout(r, 5));
    await fx.db.ticket.update({ where: { id: t.id, tenantId }, data: { priority: 'HIGH' } });
    expect(await inboxChangeToken(fx.db, tenantId)).not.toBe(inbox);
    expect(await inboxChangeToken(fx.db, otherTenantId)).not.toBe(await inboxChangeToken(fx.db, tenantId));
  });
});

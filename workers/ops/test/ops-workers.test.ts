import type { AddressInfo } from 'node:net';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMessage, createMailTransport, createTicket } from '@helpdesk/core';
import { createDb, createSystemClient, type Actor, type Db, type SystemClient } from '@helpdesk/db';
import { closeQueues, createRedis } from '@helpdesk/jobs';
import { createTestDatabase, makeTenant } from '@helpdesk/testkit';
import { scheduleMaintenance, startOpsWorkers } from '../src/index';

let db: Db;
let systemDb: SystemClient;
let redis: Redis;
let drop: () => Promise<void>;
let smtp: SMTPServer;
let workers: Worker[] = [];
const received: ParsedMail[] = [];

async function until<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  const database = await createTestDatabase();
  drop = database.drop;
  db = createDb(database.url, 5);
  systemDb = createSystemClient(database.url, 3);
  redis = createRedis('redis://127.0.0.1:6379/1');
  await redis.flushdb();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        received.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const transport = createMailTransport(`smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`);
  const deps = { db, systemDb, redis, transport, fromDomain: 'ops.test', appUrl: 'http://app.test' };
  await scheduleMaintenance(deps, { outboxDispatch: 250, slaSweep: 500 });
  workers = startOpsWorkers(deps);
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await closeQueues();
  await redis.flushdb();
  await redis.quit();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await Promise.all([db.$disconnect(), systemDb.$disconnect()]);
  await drop();
});

describe('ops workers', () => {
  it('an agent reply travels outbox → mail queue → SMTP and ends SENT', async () => {
    const tenant = await makeTenant(db, 'Ops Tenant');
    const user = await db.user.create({ data: { email: 'ops-agent@agents.test', name: 'Ops Agent' } });
    await db.membership.create({ data: { tenantId: tenant.id, userId: user.id, role: 'AGENT' } });
    const agent: Actor = { type: 'USER', id: user.id, tenantId: tenant.id, role: 'AGENT' };
    const ticket = await createTicket(
      db,
      { type: 'CUSTOMER', id: null, tenantId: tenant.id },
      { subject: 'Hello ops', bodyText: 'hi', customer: { email: 'ops@customer.test' } },
    );
    const reply = await addMessage(db, agent, { ticketId: ticket.id, kind: 'REPLY', bodyText: 'Delivered by the worker' });

    const sent = await until(async () => {
      const m = await db.message.findFirst({ where: { id: reply.id, tenantId: tenant.id } });
      return m?.deliveryStatus === 'SENT' ? m : null;
    });
    const mail = received.find((m) => m.messageId === sent.emailMessageId);
    expect(mail?.subject).toBe('[#1] Hello ops');
    expect(mail?.text?.trim()).toBe('Delivered by the worker');
    const pending = await db.outboxEvent.count({ where: { tenantId: tenant.id, dispatchedAt: null } });
    expect(pending).toBe(0);
  });

  it('the scheduled SLA sweep flags an overdue ticket', async () => {
    const tenant = await makeTenant(db, 'Overdue');
    const ticket = await createTicket(
      db,
      { type: 'CUSTOMER', id: null, tenantId: tenant.id },
      { subject: 'Late', bodyText: 'x', customer: { email: 'late@customer.test' } },
    );
    await db.ticket.update({ where: { id: ticket.id, tenantId: tenant.id }, data: { firstResponseDueAt: new Date(Date.now() - 60_000) } });
    const flagged = await until(
      async () => (await db.ticket.findFirst({ where: { id: ticket.id, tenantId: tenant.id, slaBreachedAt: { not: null } } })) ?? null,
    );
    expect(flagged.slaBreachedAt).not.toBeNull();
  });
});

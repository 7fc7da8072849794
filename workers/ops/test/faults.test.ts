import { createServer } from 'node:net';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMessage, createMailTransport, createTicket } from '@helpdesk/core';
import { createDb, createSystemClient, type Actor, type Db, type SystemClient } from '@helpdesk/db';
import { attemptKeys, reserve } from '@helpdesk/escalation';
import { closeQueues, createRedis, createWorker, enqueue, getQueue, jobs } from '@helpdesk/jobs';
import { createTestDatabase, makeTenant } from '@helpdesk/testkit';
import { startPrivateRedis, type PrivateRedis } from '@helpdesk/testkit/private-services';
import { startSmtpCapture, type SmtpCapture } from '@helpdesk/testkit/smtp-capture';
import { mailHandlers, maintenanceHandlers, type OpsDeps } from '../src/handlers';

// A private redis-server: this suite kills it, which must never touch the shared one.
const REDIS_PORT = 6393;
let privateRedis: PrivateRedis;
let db: Db;
let systemDb: SystemClient;
let redis: Redis;
let drop: () => Promise<void>;
let smtp: SmtpCapture;
const workers: Worker[] = [];

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

function deps(smtpUrl: string): OpsDeps {
  return { db, systemDb, redis, transport: createMailTransport(smtpUrl), fromDomain: 'faults.test', appUrl: 'http://app.test' };
}

async function agentOf(tenantId: string, email: string): Promise<Actor> {
  const user = await db.user.create({ data: { email, name: 'Fault Agent' } });
  await db.membership.create({ data: { tenantId, userId: user.id, role: 'AGENT' } });
  return { type: 'USER', id: user.id, tenantId, role: 'AGENT' };
}

beforeAll(async () => {
  privateRedis = await startPrivateRedis(REDIS_PORT);
  const database = await createTestDatabase();
  drop = database.drop;
  db = createDb(database.url, 5);
  systemDb = createSystemClient(database.url, 3);
  redis = createRedis(privateRedis.url);
  smtp = await startSmtpCapture();
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await closeQueues();
  redis?.disconnect();
  await smtp?.close();
  await Promise.all([db?.$disconnect(), systemDb?.$disconnect()]);
  await drop?.();
  await privateRedis?.stop();
});

describe('Redis restarted with jobs queued', () => {
  it('the outbox re-enqueues every lost job once, and confirmed events are never redone', async () => {
    const tenant = await makeTenant(db, 'Redis Fault');
    const agent = await agentOf(tenant.id, 'redis-fault@agents.test');
    const customer: Actor = { type: 'CUSTOMER', id: null, tenantId: tenant.id };
    const tickets = [];
    for (let i = 0; i < 10; i++)
      tickets.push(
        await createTicket(db, customer, {
          subject: `Order ${i}`,
          bodyText: 'Where is my order?',
          customer: { email: `c${i}@customer.test` },
        }),
      );
    const replies: { bodyText: string }[] = [];
    for (const t of tickets)
      replies.push(await addMessage(db, agent, { ticketId: t.id, kind: 'REPLY', bodyText: `Reply for ${t.subject}` }));
    const events = await db.outboxEvent.count({ where: { tenantId: tenant.id } });
    const ops = maintenanceHandlers(deps(smtp.url));
    const tick = () =>
      ops.outboxDispatch!({}, undefined as never) as Promise<{ dispatched: number; confirmed: number; requeued: number; pending: number }>;
    const queued = async () => {
      const [triage, retrieval, mail] = await Promise.all(
        [jobs.triage, jobs.retrieval, jobs.mail].map((j) =>
          getQueue(j.queue, redis).getJobCountByTypes('waiting', 'active', 'delayed', 'completed'),
        ),
      );
      return { triage, retrieval, mail };
    };

    expect((await tick()).dispatched).toBe(events);
    const beforeKill = await queued();
    await privateRedis.kill();
    await privateRedis.start();
    const afterRestart = await until('the client to reconnect', async () => (redis.status === 'ready' ? queued() : null));
    const first = await tick();
    const second = await tick();
    const requeued = await queued();
    console.log(
      `[fault] injected: SIGKILL of redis-server (no persistence) with ${events} outbox events dispatched; counted: queued before ${JSON.stringify(beforeKill)}, after restart ${JSON.stringify(afterRestart)}, re-enqueued ${first.requeued} then ${second.requeued}, queued now ${JSON.stringify(requeued)}`,
    );
    expect(beforeKill).toEqual({ triage: 10, retrieval: 10, mail: 10 });
    expect(afterRestart).toEqual({ triage: 0, retrieval: 0, mail: 0 });
    expect(first).toMatchObject({ dispatched: 0, requeued: 30, confirmed: 0 });
    expect(second).toMatchObject({ requeued: 0, confirmed: 0 });
    expect(requeued).toEqual(beforeKill);

    // Run the jobs: mail through the real handler to SMTP, the AI jobs through counting stand-ins (no model here).
    const ran: string[] = [];
    const count = async (p: { ticketId: string }, job: { id?: string }) => void ran.push(`${job.id}:${p.ticketId}`);
    workers.push(createWorker(jobs.mail.queue, mailHandlers(deps(smtp.url)), redis, { concurrency: 4 }));
    workers.push(createWorker(jobs.triage.queue, { triage: count }, redis));
    workers.push(createWorker(jobs.retrieval.queue, { retrieval: count }, redis));
    await until(
      'every reply SENT',
      async () => (await db.message.count({ where: { tenantId: tenant.id, kind: 'REPLY', deliveryStatus: 'SENT' } })) === 10,
    );
    await until('every AI job run', async () => ran.length >= 20);
    const confirmed = await until('every event confirmed', async () => {
      await tick();
      return (await db.outboxEvent.count({ where: { tenantId: tenant.id, confirmedAt: null } })) === 0;
    });

    await privateRedis.kill();
    await privateRedis.start();
    await until('the client to reconnect', async () => redis.status === 'ready');
    const afterSecondLoss = await tick();
    const sent = smtp.messages().filter((m) => replies.some((r) => m.raw.includes(r.bodyText)));
    const distinctSent = new Set(sent.map((m) => m.parsed.messageId)).size;
    console.log(
      `[fault] counted after the jobs ran: mails sent ${sent.length} (distinct ${distinctSent}), AI jobs run ${ran.length} (distinct ${new Set(ran).size}), lost ${10 - distinctSent + 20 - new Set(ran).size}, duplicated ${sent.length - distinctSent + ran.length - new Set(ran).size}; second Redis loss after confirmation re-enqueued ${afterSecondLoss.requeued}`,
    );
    expect(confirmed).toBe(true);
    expect(sent).toHaveLength(10);
    expect(distinctSent).toBe(10);
    expect(ran).toHaveLength(20);
    expect(new Set(ran).size).toBe(20);
    expect(afterSecondLoss.requeued).toBe(0);
    await Promise.all(workers.splice(0).map((w) => w.close()));
  }, 120_000);
});

describe('SMTP down for a while', () => {
  it('the reply shows FAILED with the reason while SMTP is down, is retried, and is sent once when SMTP is back', async () => {
    const tenant = await makeTenant(db, 'SMTP Fault');
    const agent = await agentOf(tenant.id, 'smtp-fault@agents.test');
    const port = await freePort();
    workers.push(createWorker(jobs.mail.queue, mailHandlers(deps(`smtp://127.0.0.1:${port}`)), redis, { concurrency: 1 }));
    const ticket = await createTicket(
      db,
      { type: 'CUSTOMER', id: null, tenantId: tenant.id },
      { subject: 'SMTP outage', bodyText: 'hello', customer: { email: 'smtp@customer.test' } },
    );
    const reply = await addMessage(db, agent, { ticketId: ticket.id, kind: 'REPLY', bodyText: 'Sent after the outage' });
    const ops = maintenanceHandlers(deps(`smtp://127.0.0.1:${port}`));
    await ops.outboxDispatch!({}, undefined as never);
    const failed = await until('the first failed attempt', () =>
      db.message.findFirst({ where: { id: reply.id, tenantId: tenant.id, deliveryStatus: 'FAILED' } }),
    );
    const late = await startSmtpCapture({ port });
    try {
      const sent = await until(
        'the retry to deliver',
        () => db.message.findFirst({ where: { id: reply.id, tenantId: tenant.id, deliveryStatus: 'SENT' } }),
        60_000,
      );
      const job = await getQueue(jobs.mail.queue, redis).getJob(jobs.mail.jobId({ tenantId: tenant.id, messageId: reply.id }));
      const mails = late.messages().filter((m) => m.raw.includes('Sent after the outage'));
      console.log(
        `[fault] injected: nothing listening on SMTP port ${port} until the first attempt failed; counted: status while down ${failed.deliveryStatus} (${failed.deliveryError}), attempts ${job?.attemptsMade}, delivered ${mails.length}, final status ${sent.deliveryStatus}`,
      );
      expect(failed.deliveryError).toMatch(/ECONNREFUSED/);
      expect(job!.attemptsMade).toBeGreaterThanOrEqual(2);
      expect(mails).toHaveLength(1);
      expect(sent.deliveryError).toBeNull();
    } finally {
      await late.close();
    }
  }, 90_000);
});

describe('budget hold sweep job', () => {
  it('releases the hold of a draft job Redis no longer has, and keeps the hold of one still queued', async () => {
    const tenant = await makeTenant(db, 'Hold Fault');
    const gone = attemptKeys('draft-gone-v1', 3);
    const queuedJob = { tenantId: tenant.id, ticketId: 'queued', contentVersion: 1 };
    const waiting = attemptKeys(jobs.draft.jobId(queuedJob), 1);
    for (const hold of [gone.hold, waiting.hold]) expect((await reserve(db, tenant.id, hold, 25_000n)).ok).toBe(true);
    await db.budgetReservation.updateMany({ where: { tenantId: tenant.id }, data: { createdAt: new Date(Date.now() - 3_600_000) } });
    await enqueue(redis, 'draft', queuedJob);
    const result = await maintenanceHandlers(deps(smtp.url)).holdSweep!({}, undefined as never);
    const holds = await db.budgetReservation.findMany({ where: { tenantId: tenant.id }, orderBy: { key: 'asc' } });
    const budget = await db.budget.findFirstOrThrow({ where: { tenantId: tenant.id } });
    console.log(
      `[fault] injected: 2 holds an hour old, one of a draft job missing from Redis, one of a queued job; counted: ${JSON.stringify(result)}, reserved now ${budget.reservedMicros}`,
    );
    expect(result).toEqual({ settled: 0, released: 1, skipped: 1 });
    expect(Object.fromEntries(holds.map((h) => [h.key, h.status]))).toEqual({ [gone.hold]: 'RELEASED', [waiting.hold]: 'HELD' });
    expect(budget.reservedMicros).toBe(25_000n);
    await getQueue(jobs.draft.queue, redis).obliterate({ force: true });
  });
});

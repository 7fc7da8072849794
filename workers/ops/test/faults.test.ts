import type { Worker } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { addMessage, createMailTransport, createTicket } from '@helpdesk/core';
import type { Actor } from '@helpdesk/db';
import { attemptKeys, reserve } from '@helpdesk/escalation';
import { createWorker, enqueue, getQueue, jobs } from '@helpdesk/jobs';
import { makeMember, makeTenant } from '@helpdesk/testkit';
import { freePort } from '@helpdesk/testkit/free-port';
import { startSmtpCapture } from '@helpdesk/testkit/smtp-capture';
import { waitFor } from '@helpdesk/testkit/wait';
import { mailHandlers, maintenanceHandlers, type OpsDeps } from '../src/handlers';
import { useOpsWorld } from './fixtures';

// A private redis-server: this suite kills it, which must never touch the shared one.
const w = useOpsWorld({ privateRedisPort: 6393 });
const workers: Worker[] = [];
afterAll(() => Promise.all(workers.map((worker) => worker.close())));

function deps(smtpUrl: string): OpsDeps {
  const { db, systemDb, redis } = w;
  return { db, systemDb, redis, transport: createMailTransport(smtpUrl), fromDomain: 'faults.test', appUrl: 'http://app.test' };
}

describe('Redis restarted with jobs queued', () => {
  it('the outbox re-enqueues every lost job once, and confirmed events are never redone', async () => {
    const tenant = await makeTenant(w.db, 'Redis Fault');
    const agent = await makeMember(w.db, tenant.id, 'AGENT', 'Fault Agent', 'redis-fault@agents.test');
    const customer: Actor = { type: 'CUSTOMER', id: null, tenantId: tenant.id };
    const tickets = [];
    for (let i = 0; i < 10; i++)
      tickets.push(
        await createTicket(w.db, customer, {
          subject: `Order ${i}`,
          bodyText: 'Where is my order?',
          customer: { email: `c${i}@customer.test` },
        }),
      );
    const replies: { bodyText: string }[] = [];
    for (const t of tickets)
      replies.push(await addMessage(w.db, agent, { ticketId: t.id, kind: 'REPLY', bodyText: `Reply for ${t.subject}` }));
    const events = await w.db.outboxEvent.count({ where: { tenantId: tenant.id } });
    const ops = maintenanceHandlers(deps(w.smtp.url));
    const tick = () =>
      ops.outboxDispatch!({}, undefined as never) as Promise<{ dispatched: number; confirmed: number; requeued: number; pending: number }>;
    const queued = async () => {
      const [triage, retrieval, mail] = await Promise.all(
        [jobs.triage, jobs.retrieval, jobs.mail].map((j) =>
          getQueue(j.queue, w.redis).getJobCountByTypes('waiting', 'active', 'delayed', 'completed'),
        ),
      );
      return { triage, retrieval, mail };
    };

    expect((await tick()).dispatched).toBe(events);
    const beforeKill = await queued();
    await w.privateRedis.kill();
    await w.privateRedis.start();
    const afterRestart = await waitFor('the client to reconnect', async () => (w.redis.status === 'ready' ? queued() : null));
    const first = await tick();
    const second = await tick();
    const requeued = await queued();
    console.log(
      `[fault] injected: SIGKILL of w.redis-server (no persistence) with ${events} outbox events dispatched; counted: queued before ${JSON.stringify(beforeKill)}, after restart ${JSON.stringify(afterRestart)}, re-enqueued ${first.requeued} then ${second.requeued}, queued now ${JSON.stringify(requeued)}`,
    );
    expect(beforeKill).toEqual({ triage: 10, retrieval: 10, mail: 10 });
    expect(afterRestart).toEqual({ triage: 0, retrieval: 0, mail: 0 });
    expect(first).toMatchObject({ dispatched: 0, requeued: 30, confirmed: 0 });
    expect(second).toMatchObject({ requeued: 0, confirmed: 0 });
    expect(requeued).toEqual(beforeKill);

    // Run the jobs: mail through the real handler to SMTP, the AI jobs through counting stand-ins (no model here).
    const ran: string[] = [];
    const count = async (p: { ticketId: string }, job: { id?: string }) => void ran.push(`${job.id}:${p.ticketId}`);
    workers.push(createWorker(jobs.mail.queue, mailHandlers(deps(w.smtp.url)), w.redis, { concurrency: 4 }));
    workers.push(createWorker(jobs.triage.queue, { triage: count }, w.redis));
    workers.push(createWorker(jobs.retrieval.queue, { retrieval: count }, w.redis));
    await waitFor(
      'every reply SENT',
      async () => (await w.db.message.count({ where: { tenantId: tenant.id, kind: 'REPLY', deliveryStatus: 'SENT' } })) === 10,
    );
    await waitFor('every AI job run', async () => ran.length >= 20);
    const confirmed = await waitFor('every event confirmed', async () => {
      await tick();
      return (await w.db.outboxEvent.count({ where: { tenantId: tenant.id, confirmedAt: null } })) === 0;
    });

    await w.privateRedis.kill();
    await w.privateRedis.start();
    await waitFor('the client to reconnect', async () => w.redis.status === 'ready');
    const afterSecondLoss = await tick();
    const sent = w.smtp.messages().filter((m) => replies.some((r) => m.raw.includes(r.bodyText)));
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
    const tenant = await makeTenant(w.db, 'SMTP Fault');
    const agent = await makeMember(w.db, tenant.id, 'AGENT', 'Fault Agent', 'smtp-fault@agents.test');
    const port = await freePort();
    workers.push(createWorker(jobs.mail.queue, mailHandlers(deps(`smtp://127.0.0.1:${port}`)), w.redis, { concurrency: 1 }));
    const ticket = await createTicket(
      w.db,
      { type: 'CUSTOMER', id: null, tenantId: tenant.id },
      { subject: 'SMTP outage', bodyText: 'hello', customer: { email: 'smtp@customer.test' } },
    );
    const reply = await addMessage(w.db, agent, { ticketId: ticket.id, kind: 'REPLY', bodyText: 'Sent after the outage' });
    const ops = maintenanceHandlers(deps(`smtp://127.0.0.1:${port}`));
    await ops.outboxDispatch!({}, undefined as never);
    const failed = await waitFor('the first failed attempt', () =>
      w.db.message.findFirst({ where: { id: reply.id, tenantId: tenant.id, deliveryStatus: 'FAILED' } }),
    );
    const late = await startSmtpCapture({ port });
    try {
      const sent = await waitFor(
        'the retry to deliver',
        () => w.db.message.findFirst({ where: { id: reply.id, tenantId: tenant.id, deliveryStatus: 'SENT' } }),
        60_000,
      );
      const job = await getQueue(jobs.mail.queue, w.redis).getJob(jobs.mail.jobId({ tenantId: tenant.id, messageId: reply.id }));
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
    const tenant = await makeTenant(w.db, 'Hold Fault');
    const gone = attemptKeys('draft-gone-v1', 3);
    const queuedJob = { tenantId: tenant.id, ticketId: 'queued', contentVersion: 1 };
    const waiting = attemptKeys(jobs.draft.jobId(queuedJob), 1);
    for (const hold of [gone.hold, waiting.hold]) expect((await reserve(w.db, tenant.id, hold, 25_000n)).ok).toBe(true);
    await w.db.budgetReservation.updateMany({ where: { tenantId: tenant.id }, data: { createdAt: new Date(Date.now() - 3_600_000) } });
    await enqueue(w.redis, 'draft', queuedJob);
    const result = await maintenanceHandlers(deps(w.smtp.url)).holdSweep!({}, undefined as never);
    const holds = await w.db.budgetReservation.findMany({ where: { tenantId: tenant.id }, orderBy: { key: 'asc' } });
    const budget = await w.db.budget.findFirstOrThrow({ where: { tenantId: tenant.id } });
    console.log(
      `[fault] injected: 2 holds an hour old, one of a draft job missing from Redis, one of a queued job; counted: ${JSON.stringify(result)}, reserved now ${budget.reservedMicros}`,
    );
    expect(result).toEqual({ settled: 0, released: 1, skipped: 1 });
    expect(Object.fromEntries(holds.map((h) => [h.key, h.status]))).toEqual({ [gone.hold]: 'RELEASED', [waiting.hold]: 'HELD' });
    expect(budget.reservedMicros).toBe(25_000n);
    await getQueue(jobs.draft.queue, w.redis).obliterate({ force: true });
  });
});

import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMessage, createMailTransport, createTicket } from '@helpdesk/core';
import { makeMember, makeTenant } from '@helpdesk/testkit';
import { waitFor } from '@helpdesk/testkit/wait';
import { scheduleMaintenance, startOpsWorkers } from '../src/index';
import { useOpsWorld } from './fixtures';

const w = useOpsWorld({ redisUrl: 'redis://127.0.0.1:6379/1' });
let workers: Worker[] = [];

// The real ops workers on short maintenance periods, sending to the capture.
beforeAll(async () => {
  const { db, systemDb, redis, smtp } = w;
  const deps = { db, systemDb, redis, transport: createMailTransport(smtp.url), fromDomain: 'ops.test', appUrl: 'http://app.test' };
  await scheduleMaintenance(deps, { outboxDispatch: 250, slaSweep: 500 });
  workers = startOpsWorkers(deps);
});
afterAll(() => Promise.all(workers.map((worker) => worker.close())));

describe('ops workers', () => {
  it('an agent reply travels outbox → mail queue → SMTP and ends SENT', async () => {
    const tenant = await makeTenant(w.db, 'Ops Tenant');
    const agent = await makeMember(w.db, tenant.id, 'AGENT', 'Ops Agent', 'ops-agent@agents.test');
    const ticket = await createTicket(
      w.db,
      { type: 'CUSTOMER', id: null, tenantId: tenant.id },
      { subject: 'Hello ops', bodyText: 'hi', customer: { email: 'ops@customer.test' } },
    );
    const reply = await addMessage(w.db, agent, { ticketId: ticket.id, kind: 'REPLY', bodyText: 'Delivered by the worker' });

    const sent = await waitFor(
      'the reply to be sent',
      async () => {
        const m = await w.db.message.findFirst({ where: { id: reply.id, tenantId: tenant.id } });
        return m?.deliveryStatus === 'SENT' ? m : null;
      },
      20_000,
      200,
    );
    const mail = w.smtp.messages().find((m) => m.parsed.messageId === sent.emailMessageId)?.parsed;
    expect(mail?.subject).toBe('[#1] Hello ops');
    expect(mail?.text?.trim()).toBe('Delivered by the worker');
    const pending = await w.db.outboxEvent.count({ where: { tenantId: tenant.id, dispatchedAt: null } });
    expect(pending).toBe(0);
  });

  it('the scheduled SLA sweep flags an overdue ticket', async () => {
    const tenant = await makeTenant(w.db, 'Overdue');
    const ticket = await createTicket(
      w.db,
      { type: 'CUSTOMER', id: null, tenantId: tenant.id },
      { subject: 'Late', bodyText: 'x', customer: { email: 'late@customer.test' } },
    );
    await w.db.ticket.update({
      where: { id: ticket.id, tenantId: tenant.id },
      data: { firstResponseDueAt: new Date(Date.now() - 60_000) },
    });
    const flagged = await waitFor(
      'the SLA sweep to flag the ticket',
      async () => (await w.db.ticket.findFirst({ where: { id: ticket.id, tenantId: tenant.id, slaBreachedAt: { not: null } } })) ?? null,
      20_000,
      200,
    );
    expect(flagged.slaBreachedAt).not.toBeNull();
  });
});

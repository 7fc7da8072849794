import { describe, expect, it } from 'vitest';
import { TenantScopeError } from '@helpdesk/db';
import { addMessage, bulkUpdate, createTicket, updateTicket } from '../src/index';
import { customerActor, makeTenantWithAgent } from './helpers';
import { makeMember } from '@helpdesk/testkit';
import { useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase();

const input = (n: number) => ({
  subject: `Order ${n} missing`,
  bodyText: `Where is order ${n}?`,
  customer: { email: 'Pat@Example.com', name: 'Pat' },
});

describe('createTicket', () => {
  it('numbers tickets per tenant without gaps or duplicates under concurrency', async () => {
    const { db } = fx;
    const a = await makeTenantWithAgent(db);
    const b = await makeTenantWithAgent(db);
    const made = await Promise.all([
      ...Array.from({ length: 12 }, (_, i) => createTicket(db, customerActor(a.tenant.id), input(i))),
      ...Array.from({ length: 5 }, (_, i) => createTicket(db, customerActor(b.tenant.id), input(i))),
    ]);
    const numbersA = made
      .filter((t) => t.tenantId === a.tenant.id)
      .map((t) => t.number)
      .sort((x, y) => x - y);
    const numbersB = made
      .filter((t) => t.tenantId === b.tenant.id)
      .map((t) => t.number)
      .sort((x, y) => x - y);
    expect(numbersA).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(numbersB).toEqual([1, 2, 3, 4, 5]);
    // The concurrent upserts share one customer, email normalized.
    const customers = await db.customer.findMany({ where: { tenantId: a.tenant.id } });
    expect(customers.map((c) => c.email)).toEqual(['pat@example.com']);
  });

  it('writes the first message, an outbox event, an audit row and SLA due dates in one go', async () => {
    const { db } = fx;
    const { tenant, agent } = await makeTenantWithAgent(db);
    await db.slaPolicy.create({ data: { tenantId: tenant.id, priority: 'HIGH', firstResponseMinutes: 30, resolutionMinutes: 240 } });
    const ticket = await createTicket(db, agent, {
      ...input(1),
      priority: 'HIGH',
      bodyHtml: '<p>Hi<script>alert(1)</script></p>',
      tags: ['Shipping'],
    });
    expect(ticket.channel).toBe('AGENT');
    expect(ticket.firstResponseDueAt!.getTime() - ticket.createdAt.getTime()).toBe(30 * 60_000);
    expect(ticket.resolutionDueAt!.getTime() - ticket.createdAt.getTime()).toBe(240 * 60_000);
    const messages = await db.message.findMany({ where: { tenantId: tenant.id, ticketId: ticket.id } });
    expect(messages).toHaveLength(1);
    expect(messages[0]!.kind).toBe('CUSTOMER');
    expect(messages[0]!.bodyHtml).toBe('<p>Hi</p>');
    const outbox = await db.outboxEvent.findMany({ where: { tenantId: tenant.id } });
    expect(outbox.map((e) => [e.type, e.payload])).toEqual([
      ['ticket.created', { tenantId: tenant.id, ticketId: ticket.id, contentVersion: 1 }],
    ]);
    const audit = await db.auditLog.findMany({ where: { tenantId: tenant.id, ticketId: ticket.id } });
    expect(audit.map((r) => [r.action, r.actorId])).toEqual([['ticket.created', agent.id]]);
    const tags = await db.ticketTag.findMany({ where: { tenantId: tenant.id, ticketId: ticket.id }, include: { tag: true } });
    expect(tags.map((t) => t.tag.name)).toEqual(['shipping']);
  });

  it('rolls everything back when part of the creation fails', async () => {
    const { db } = fx;
    const { tenant, agent } = await makeTenantWithAgent(db);
    await expect(createTicket(db, agent, { ...input(1), categoryKey: 'nope' })).rejects.toMatchObject({
      status: 400,
      field: 'categoryKey',
    });
    expect(await db.ticket.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await db.customer.count({ where: { tenantId: tenant.id } })).toBe(0);
    const t = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } });
    expect(t.nextTicketNumber).toBe(1);
  });

  it('assigns round-robin to the available agent assigned longest ago', async () => {
    const { db } = fx;
    const { tenant, agent } = await makeTenantWithAgent(db);
    const second = await makeMember(db, tenant.id, 'AGENT', 'Second');
    const away = await makeMember(db, tenant.id, 'AGENT', 'Away');
    await db.membership.updateMany({ where: { tenantId: tenant.id, userId: away.id! }, data: { available: false } });
    await db.tenant.update({ where: { id: tenant.id }, data: { roundRobin: true } });
    const assignees: (string | null)[] = [];
    for (let i = 0; i < 4; i++) assignees.push((await createTicket(db, customerActor(tenant.id), input(i))).assigneeId);
    expect(new Set(assignees.slice(0, 2))).toEqual(new Set([agent.id, second.id]));
    expect(assignees.slice(2)).toEqual(assignees.slice(0, 2));
    expect(assignees).not.toContain(away.id);
  });
});

describe('lifecycle and updates', () => {
  it('a reply opens a NEW ticket and records the first response; a customer reply reopens a SOLVED one', async () => {
    const { db } = fx;
    const { tenant, agent } = await makeTenantWithAgent(db);
    const ticket = await createTicket(db, customerActor(tenant.id), input(1));
    const reply = await addMessage(db, agent, { ticketId: ticket.id, kind: 'REPLY', bodyText: 'On its way' });
    expect(reply.deliveryStatus).toBe('QUEUED');
    let t = await db.ticket.findFirstOrThrow({ where: { id: ticket.id, tenantId: tenant.id } });
    expect(t.status).toBe('OPEN');
    expect(t.firstRespondedAt).not.toBeNull();

    await updateTicket(db, agent, ticket.id, { status: 'SOLVED' });
    t = await db.ticket.findFirstOrThrow({ where: { id: ticket.id, tenantId: tenant.id } });
    expect(t.status).toBe('SOLVED');
    expect(t.solvedAt).not.toBeNull();

    await addMessage(db, customerActor(tenant.id), { ticketId: ticket.id, kind: 'CUSTOMER', bodyText: 'Still not here' });
    t = await db.ticket.findFirstOrThrow({ where: { id: ticket.id, tenantId: tenant.id } });
    expect(t.status).toBe('OPEN');
    expect(t.contentVersion).toBe(2);
    expect(t.solvedAt).toBeNull();
    const events = await db.outboxEvent.findMany({ where: { tenantId: tenant.id }, orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['ticket.created', 'message.outbound', 'message.customer']);
    expect(events[2]!.payload).toEqual({ tenantId: tenant.id, ticketId: ticket.id, contentVersion: 2 });
  });

  it('a note is never queued for sending and writes no outbound event', async () => {
    const { db } = fx;
    const { tenant, agent } = await makeTenantWithAgent(db);
    const ticket = await createTicket(db, customerActor(tenant.id), input(1));
    const note = await addMessage(db, agent, { ticketId: ticket.id, kind: 'NOTE', bodyText: 'internal' });
    expect(note.deliveryStatus).toBe('NOT_APPLICABLE');
    expect(await db.outboxEvent.count({ where: { tenantId: tenant.id, type: 'message.outbound' } })).toBe(0);
  });

  it('refuses a stale reply when the thread has newer messages', async () => {
    const { db } = fx;
    const { tenant, agent } = await makeTenantWithAgent(db);
    const ticket = await createTicket(db, customerActor(tenant.id), input(1));
    const [first] = await db.message.findMany({ where: { tenantId: tenant.id, ticketId: ticket.id } });
    await addMessage(db, customerActor(tenant.id), { ticketId: ticket.id, kind: 'CUSTOMER', bodyText: 'one more thing' });
    await expect(
      addMessage(db, agent, { ticketId: ticket.id, kind: 'REPLY', bodyText: 'done', expectedLastMessageId: first!.id }),
    ).rejects.toMatchObject({
      status: 409,
      field: 'expectedLastMessageId',
    });
    expect(await db.message.count({ where: { tenantId: tenant.id, ticketId: ticket.id, kind: 'REPLY' } })).toBe(0);
  });

  it('refuses disallowed transitions and audits allowed ones from → to', async () => {
    const { db } = fx;
    const { tenant, agent } = await makeTenantWithAgent(db);
    const ticket = await createTicket(db, customerActor(tenant.id), input(1));
    await expect(updateTicket(db, agent, ticket.id, { status: 'CLOSED' })).rejects.toMatchObject({ status: 409, field: 'status' });
    await updateTicket(db, agent, ticket.id, { status: 'PENDING', priority: 'URGENT' });
    const audit = await db.auditLog.findFirstOrThrow({ where: { tenantId: tenant.id, ticketId: ticket.id, action: 'ticket.updated' } });
    expect(audit.changes).toEqual({ status: { from: 'NEW', to: 'PENDING' }, priority: { from: 'NORMAL', to: 'URGENT' } });
  });

  it('an assignee must belong to the tenant, and category changes by agents become labels', async () => {
    const { db } = fx;
    const { tenant, agent } = await makeTenantWithAgent(db);
    const other = await makeTenantWithAgent(db);
    await db.category.create({ data: { tenantId: tenant.id, key: 'billing', name: 'Billing' } });
    const ticket = await createTicket(db, customerActor(tenant.id), input(1));
    await expect(updateTicket(db, agent, ticket.id, { assigneeId: other.agent.id })).rejects.toMatchObject({
      status: 400,
      field: 'assigneeId',
    });
    await updateTicket(db, agent, ticket.id, { assigneeId: agent.id, categoryKey: 'billing' });
    const labels = await db.triageLabel.findMany({ where: { tenantId: tenant.id, ticketId: ticket.id } });
    expect(labels.map((l) => [l.field, l.fromValue, l.toValue, l.userId])).toEqual([['category', null, 'billing', agent.id]]);
    await expect(updateTicket(db, other.agent, ticket.id, { priority: 'LOW' })).rejects.toMatchObject({ status: 404 });
  });

  it('bulk updates all tickets or none', async () => {
    const { db } = fx;
    const { tenant, agent } = await makeTenantWithAgent(db);
    const t1 = await createTicket(db, customerActor(tenant.id), input(1));
    const t2 = await createTicket(db, customerActor(tenant.id), input(2));
    expect(await bulkUpdate(db, agent, [t1.id, t2.id], { addTags: ['vip'], priority: 'HIGH' })).toEqual({ updated: 2 });
    await updateTicket(db, agent, t2.id, { status: 'SOLVED' });
    await updateTicket(db, agent, t2.id, { status: 'CLOSED' });
    await expect(bulkUpdate(db, agent, [t1.id, t2.id], { status: 'PENDING' })).rejects.toMatchObject({ status: 409 });
    const t1After = await db.ticket.findFirstOrThrow({ where: { id: t1.id, tenantId: tenant.id } });
    expect(t1After.status).toBe('NEW');
    expect(t1After.priority).toBe('HIGH');
  });

  it('the tenant guard refuses an unscoped ticket query', async () => {
    await expect(fx.db.ticket.findFirst({ where: { number: 1 } })).rejects.toBeInstanceOf(TenantScopeError);
  });
});

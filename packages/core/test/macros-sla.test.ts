import { describe, expect, it } from 'vitest';
import {
  addMessage,
  addBusinessMinutes,
  applyMacro,
  autoCloseSolved,
  createMacro,
  createTicket,
  deleteMacro,
  saveSlaPolicy,
  slaState,
  sweepSla,
  updateTicket,
} from '../src/index';
import { customerActor, makeTenantWithAgent } from './helpers';
import { makeMember } from '@helpdesk/testkit';
import { useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase();

const MIN = 60_000;

describe('macros', () => {
  it('renders placeholders and applies its actions in one transaction', async () => {
    const { tenant, agent: admin } = await makeTenantWithAgent(fx.db, 'ADMIN');
    const agent = await makeMember(fx.db, tenant.id, 'AGENT', 'Jo Agent');
    const ticket = await createTicket(fx.db, customerActor(tenant.id), {
      subject: 'Refund',
      bodyText: 'x',
      customer: { email: 'kim@c.test', name: 'Kim' },
      tags: ['refund'],
    });
    const macro = await createMacro(fx.db, admin, {
      name: 'Refund done',
      body: 'Hi {{customer.name}}, ticket #{{ ticket.number }} is refunded. — {{agent.name}} {{unknown.thing}}',
      actions: { status: 'PENDING', priority: 'LOW', addTags: ['refunded'], removeTags: ['refund'], assigneeId: agent.id },
    });
    const { body, ticket: after } = await applyMacro(fx.db, agent, ticket.id, macro.id);
    expect(body).toBe(`Hi Kim, ticket #${ticket.number} is refunded. — Jo Agent {{unknown.thing}}`);
    expect(after).toMatchObject({ status: 'PENDING', priority: 'LOW', assigneeId: agent.id });
    const tags = await fx.db.ticketTag.findMany({ where: { tenantId: tenant.id, ticketId: ticket.id }, include: { tag: true } });
    expect(tags.map((t) => t.tag.name)).toEqual(['refunded']);
    const actions = (
      await fx.db.auditLog.findMany({ where: { tenantId: tenant.id, ticketId: ticket.id }, orderBy: { createdAt: 'asc' } })
    ).map((a) => a.action);
    expect(actions).toEqual(['ticket.created', 'ticket.updated', 'macro.applied']);
  });

  it('a macro whose action is not allowed changes nothing', async () => {
    const { tenant, agent: admin } = await makeTenantWithAgent(fx.db, 'ADMIN');
    const ticket = await createTicket(fx.db, customerActor(tenant.id), { subject: 'S', bodyText: 'x', customer: { email: 'z@c.test' } });
    const macro = await createMacro(fx.db, admin, { name: 'Close now', body: 'bye', actions: { priority: 'HIGH', status: 'CLOSED' } });
    await expect(applyMacro(fx.db, admin, ticket.id, macro.id)).rejects.toMatchObject({ status: 409 });
    expect((await fx.db.ticket.findFirstOrThrow({ where: { id: ticket.id, tenantId: tenant.id } })).priority).toBe('NORMAL');
  });

  it('validates actions, keeps names unique, and keeps other tenants out', async () => {
    const { agent: admin } = await makeTenantWithAgent(fx.db, 'ADMIN');
    const other = await makeTenantWithAgent(fx.db, 'ADMIN');
    await expect(createMacro(fx.db, admin, { name: 'Bad', actions: { status: 'DONE' } as never })).rejects.toMatchObject({
      status: 400,
      field: 'actions.status',
    });
    const m = await createMacro(fx.db, admin, { name: 'Same' });
    await expect(createMacro(fx.db, admin, { name: 'Same' })).rejects.toMatchObject({ status: 409, field: 'name' });
    await expect(deleteMacro(fx.db, other.agent, m.id)).rejects.toMatchObject({ status: 404 });
    const agent = await makeMember(fx.db, admin.tenantId, 'AGENT');
    await expect(createMacro(fx.db, agent, { name: 'Nope' })).rejects.toMatchObject({ status: 403 });
  });
});

describe('SLA', () => {
  it('moves ok → at_risk → breached as the clock moves, and the sweep flags breaches once', async () => {
    const { tenant, agent: admin } = await makeTenantWithAgent(fx.db, 'ADMIN');
    await saveSlaPolicy(fx.db, admin, { priority: 'URGENT', firstResponseMinutes: 120, resolutionMinutes: 600 });
    const ticket = await createTicket(fx.db, customerActor(tenant.id), {
      subject: 'Down',
      bodyText: 'site down',
      customer: { email: 'o@c.test' },
      priority: 'URGENT',
    });
    const t0 = ticket.createdAt.getTime();
    expect(slaState(ticket, new Date(t0 + 10 * MIN))).toMatchObject({ state: 'ok', target: 'first_response', remainingMs: 110 * MIN });
    expect(slaState(ticket, new Date(t0 + 90 * MIN))).toMatchObject({ state: 'at_risk', target: 'first_response' });
    expect(slaState(ticket, new Date(t0 + 121 * MIN))).toMatchObject({ state: 'breached', remainingMs: -1 * MIN });

    expect((await sweepSla(fx.systemDb, new Date(t0 + 60 * MIN))).processed).toBe(0);
    const sweptAt = new Date(t0 + 121 * MIN);
    expect((await sweepSla(fx.systemDb, sweptAt)).processed).toBe(1);
    expect((await sweepSla(fx.systemDb, new Date(t0 + 200 * MIN))).processed).toBe(0);
    const flagged = await fx.db.ticket.findFirstOrThrow({ where: { id: ticket.id, tenantId: tenant.id } });
    expect(flagged.slaBreachedAt?.getTime()).toBe(sweptAt.getTime());
    const audit = await fx.db.auditLog.findFirstOrThrow({ where: { tenantId: tenant.id, ticketId: ticket.id, action: 'sla.breached' } });
    expect(audit.changes).toEqual({ target: 'first_response' });
  });

  it('a first response switches the clock to resolution', async () => {
    const { tenant, agent } = await makeTenantWithAgent(fx.db, 'ADMIN');
    await saveSlaPolicy(fx.db, agent, { priority: 'NORMAL', firstResponseMinutes: 60, resolutionMinutes: 600 });
    const ticket = await createTicket(fx.db, customerActor(tenant.id), { subject: 'Q', bodyText: 'q', customer: { email: 'q@c.test' } });
    await addMessage(fx.db, agent, { ticketId: ticket.id, kind: 'REPLY', bodyText: 'looking' });
    const t = await fx.db.ticket.findFirstOrThrow({ where: { id: ticket.id, tenantId: tenant.id } });
    expect(slaState(t, new Date(t.createdAt.getTime() + 61 * MIN))).toMatchObject({ state: 'ok', target: 'resolution' });
    expect((await sweepSla(fx.systemDb, new Date(t.createdAt.getTime() + 61 * MIN))).processed).toBe(0);
  });

  it('business-hours policies only count working time', () => {
    const hours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
    // Friday 16:00 UTC + 2 working hours = Monday 10:00 UTC.
    expect(addBusinessMinutes(new Date('2026-11-27T16:00:00Z'), 120, hours, 'UTC').toISOString()).toBe('2026-11-30T10:00:00.000Z');
    // Saturday night in New York: the next window opens Monday 09:00 EST = 14:00 UTC.
    expect(addBusinessMinutes(new Date('2026-11-29T01:00:00Z'), 30, hours, 'America/New_York').toISOString()).toBe(
      '2026-11-30T14:30:00.000Z',
    );
  });

  it('auto-closes tickets solved longer ago than the tenant allows', async () => {
    const { tenant, agent } = await makeTenantWithAgent(fx.db, 'ADMIN');
    await fx.db.tenant.update({ where: { id: tenant.id }, data: { autoCloseDays: 2 } });
    const old = await createTicket(fx.db, customerActor(tenant.id), { subject: 'old', bodyText: 'x', customer: { email: 'p@c.test' } });
    const fresh = await createTicket(fx.db, customerActor(tenant.id), { subject: 'fresh', bodyText: 'x', customer: { email: 'p@c.test' } });
    await updateTicket(fx.db, agent, old.id, { status: 'SOLVED' });
    await updateTicket(fx.db, agent, fresh.id, { status: 'SOLVED' });
    const now = new Date();
    await fx.db.ticket.update({
      where: { id: old.id, tenantId: tenant.id },
      data: { solvedAt: new Date(now.getTime() - 3 * 24 * 60 * MIN) },
    });
    expect((await autoCloseSolved(fx.systemDb, now)).processed).toBe(1);
    const [o, f] = await Promise.all([old, fresh].map((t) => fx.db.ticket.findFirstOrThrow({ where: { id: t.id, tenantId: tenant.id } })));
    expect(o!.status).toBe('CLOSED');
    expect(f!.status).toBe('SOLVED');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { ValidationError, NotFoundError, type Priority } from '@helpdesk/db';
import { makeTenant } from '@helpdesk/testkit';
import {
  countViews,
  getTicketDetail,
  listTickets,
  markTicketRead,
  saveView,
  listViews,
  TICKET_SORTS,
  type TicketSort,
} from '../src/queries/index';
import { insertTicket, makeAgent, makeCustomer } from './queries-fixtures';
import { useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase({ prefix: 'hd_queries', pool: 4 });
const NOW = new Date('2026-11-26T12:00:00Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);
const PRIORITIES: Priority[] = ['LOW', 'NORMAL', 'HIGH', 'URGENT'];
const RANK: Record<Priority, number> = { LOW: 0, NORMAL: 1, HIGH: 2, URGENT: 3 };

let tenantId: string;
let otherTenantId: string;
let alice: string;
const bulk: { id: string; updatedAt: Date; createdAt: Date; priority: Priority }[] = [];

beforeAll(async () => {
  tenantId = (await makeTenant(fx.db, 'Queries')).id;
  otherTenantId = (await makeTenant(fx.db, 'Other')).id;
  alice = await makeAgent(fx.db, tenantId, 'Alice');
  const customer = await makeCustomer(fx.db, tenantId, 'carol@example.test', 'Carol');
  // 57 tickets whose timestamps collide in groups of three, so ties are broken by id alone.
  for (let i = 0; i < 57; i++) {
    const updatedAt = minutes(-Math.floor(i / 3) * 7);
    const createdAt = minutes(-1000 - Math.floor(i / 3));
    const priority = PRIORITIES[i % 4] ?? 'NORMAL';
    const t = await insertTicket(fx.db, tenantId, {
      subject: `Bulk ${i}`,
      customerId: customer,
      status: i % 5 === 0 ? 'SOLVED' : 'OPEN',
      priority,
      updatedAt,
      createdAt,
      assigneeId: i % 2 ? alice : null,
    });
    bulk.push({ id: t.id, updatedAt, createdAt, priority });
  }
  const otherCustomer = await makeCustomer(fx.db, otherTenantId, 'carol@example.test', 'Carol elsewhere');
  for (let i = 0; i < 5; i++)
    await insertTicket(fx.db, otherTenantId, { subject: `Bulk other ${i}`, customerId: otherCustomer, updatedAt: minutes(1) });
});

async function pageThrough(sort: TicketSort, limit: number, filters = {}): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const page = await listTickets(fx.db, tenantId, filters, sort, cursor, limit, { now: NOW });
    ids.push(...page.items.map((t) => t.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not terminate');
}

describe('listTickets keyset pagination', () => {
  const cmp = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
  const expected: Record<TicketSort, () => string[]> = {
    updated_desc: () => [...bulk].sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || cmp(a.id, b.id)).map((t) => t.id),
    created_desc: () => [...bulk].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || cmp(a.id, b.id)).map((t) => t.id),
    priority_desc: () =>
      [...bulk]
        .sort((a, b) => RANK[b.priority] - RANK[a.priority] || b.updatedAt.getTime() - a.updatedAt.getTime() || cmp(a.id, b.id))
        .map((t) => t.id),
    // Every key ends in the id, so the order is total and ascending is exactly descending reversed.
    updated_asc: () => expected.updated_desc().reverse(),
    created_asc: () => expected.created_desc().reverse(),
    priority_asc: () => expected.priority_desc().reverse(),
  };

  for (const sort of TICKET_SORTS) {
    it(`returns every row exactly once, in order, for ${sort}`, async () => {
      for (const limit of [1, 7, 25, 100]) {
        const ids = await pageThrough(sort, limit);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toEqual(expected[sort]());
      }
    });
  }

  it('refuses a tampered cursor or one from another sort, naming the field', async () => {
    const page = await listTickets(fx.db, tenantId, {}, 'updated_desc', null, 5, { now: NOW });
    await expect(listTickets(fx.db, tenantId, {}, 'created_desc', page.nextCursor, 5)).rejects.toMatchObject({
      field: 'cursor',
      status: 400,
    });
    await expect(listTickets(fx.db, tenantId, {}, 'updated_desc', 'bm9wZQ', 5)).rejects.toBeInstanceOf(ValidationError);
  });

  it('never shows another tenant’s tickets', async () => {
    const ids = await pageThrough('updated_desc', 50);
    expect(ids).toHaveLength(57);
    const page = await listTickets(fx.db, otherTenantId, {}, 'updated_desc', null, 50);
    expect(page.items.map((t) => t.subject).sort()).toEqual([
      'Bulk other 0',
      'Bulk other 1',
      'Bulk other 2',
      'Bulk other 3',
      'Bulk other 4',
    ]);
    expect(page.items.every((t) => t.customer.name === 'Carol elsewhere')).toBe(true);
  });
});

describe('filters, views and the ticket page', () => {
  let f: Record<string, string>;
  beforeAll(async () => {
    const t = (await makeTenant(fx.db, 'Filters')).id;
    const me = await makeAgent(fx.db, t, 'Me');
    const other = await makeAgent(fx.db, t, 'Other');
    const cust = await makeCustomer(fx.db, t, 'dan@example.test', 'Dan');
    const group = await fx.db.group.create({ data: { tenantId: t, name: 'Billing' } });
    const category = await fx.db.category.create({ data: { tenantId: t, key: 'refund', name: 'Refund' } });
    const ids = {
      mine: await insertTicket(fx.db, t, {
        subject: 'mine',
        customerId: cust,
        status: 'OPEN',
        assigneeId: me,
        tags: ['vip'],
        lastCustomerMessageAt: minutes(-5),
      }),
      theirs: await insertTicket(fx.db, t, {
        subject: 'theirs',
        customerId: cust,
        status: 'OPEN',
        assigneeId: other,
        priority: 'URGENT',
        groupId: group.id,
      }),
      unassigned: await insertTicket(fx.db, t, {
        subject: 'unassigned',
        customerId: cust,
        status: 'NEW',
        categoryId: category.id,
        tags: ['vip', 'refund'],
      }),
      breached: await insertTicket(fx.db, t, { subject: 'breached', customerId: cust, status: 'OPEN', resolutionDueAt: minutes(-1) }),
      marked: await insertTicket(fx.db, t, {
        subject: 'marked',
        customerId: cust,
        status: 'PENDING',
        slaBreachedAt: minutes(-60),
        resolutionDueAt: minutes(600),
      }),
      risky: await insertTicket(fx.db, t, {
        subject: 'risky',
        customerId: cust,
        status: 'OPEN',
        firstResponseDueAt: minutes(30),
        resolutionDueAt: minutes(600),
      }),
      answered: await insertTicket(fx.db, t, {
        subject: 'answered',
        customerId: cust,
        status: 'OPEN',
        firstResponseDueAt: minutes(-30),
        firstRespondedAt: minutes(-40),
        resolutionDueAt: minutes(900),
      }),
      solved: await insertTicket(fx.db, t, { subject: 'solved', customerId: cust, status: 'SOLVED', resolutionDueAt: minutes(-100) }),
    };
    f = {
      tenant: t,
      me,
      other,
      group: group.id,
      category: category.id,
      cust,
      ...Object.fromEntries(Object.entries(ids).map(([k, v]) => [k, String(v.number)])),
    };
  });

  const subjects = async (filters: object, viewerId: string | null = f.me ?? null) =>
    (await listTickets(fx.db, f.tenant!, filters, 'updated_desc', null, 100, { viewerId, now: NOW })).items.map((t) => t.subject).sort();

  it('filters by status, assignee (me, unassigned, someone), group, tag, priority and category', async () => {
    expect(await subjects({ status: ['NEW', 'PENDING'] })).toEqual(['marked', 'unassigned']);
    expect(await subjects({ assigneeId: 'me' })).toEqual(['mine']);
    expect(await subjects({ assigneeId: 'me' }, null)).toEqual([]);
    expect(await subjects({ assigneeId: f.other })).toEqual(['theirs']);
    expect(await subjects({ assigneeId: 'unassigned', status: ['OPEN'] })).toEqual(['answered', 'breached', 'risky']);
    expect(await subjects({ groupId: f.group })).toEqual(['theirs']);
    expect(await subjects({ tag: 'vip' })).toEqual(['mine', 'unassigned']);
    expect(await subjects({ tag: 'vip', status: ['NEW'] })).toEqual(['unassigned']);
    expect(await subjects({ priority: ['URGENT', 'HIGH'] })).toEqual(['theirs']);
    expect(await subjects({ categoryId: f.category })).toEqual(['unassigned']);
  });

  it('classifies SLA state: breached when marked or past due while unsolved, at risk within the hour', async () => {
    expect(await subjects({ slaState: 'breached' })).toEqual(['breached', 'marked']);
    expect(await subjects({ slaState: 'at_risk' })).toEqual(['risky']);
    const page = await listTickets(fx.db, f.tenant!, {}, 'updated_desc', null, 100, { now: NOW });
    const state = Object.fromEntries(page.items.map((t) => [t.subject, t.sla.state]));
    expect(state).toMatchObject({
      breached: 'breached',
      marked: 'breached',
      risky: 'at_risk',
      answered: 'ok',
      solved: 'none',
      mine: 'none',
    });
  });

  it('marks a ticket unread until the viewer opens it after the customer last wrote', async () => {
    const unread = async () =>
      (await listTickets(fx.db, f.tenant!, { assigneeId: 'me' }, 'updated_desc', null, 10, { viewerId: f.me, now: NOW })).items[0]?.unread;
    expect(await unread()).toBe(true);
    const detail = await getTicketDetail(fx.db, f.tenant!, Number(f.mine), { viewerId: f.me });
    await markTicketRead(fx.db, f.tenant!, f.me!, detail.id, minutes(-1));
    expect(await unread()).toBe(false);
    await fx.db.ticket.update({ where: { id: detail.id, tenantId: f.tenant }, data: { lastCustomerMessageAt: minutes(0) } });
    expect(await unread()).toBe(true);
  });

  it('counts default, shared and personal views; personal views stay private', async () => {
    const views = await countViews(fx.db, f.tenant!, f.me!, NOW);
    const count = Object.fromEntries(views.map((v) => [v.id, v.count]));
    expect(count).toMatchObject({ 'my-open': 1, unassigned: 5, 'all-open': 6, 'sla-at-risk': 1, 'sla-breached': 2, pending: 1, solved: 1 });
    await saveView(
      fx.db,
      f.tenant!,
      { userId: f.me!, role: 'AGENT' },
      { name: 'My VIPs', filters: { tag: 'vip', assigneeId: 'me' }, sort: 'updated_desc' },
    );
    await expect(
      saveView(fx.db, f.tenant!, { userId: f.me!, role: 'AGENT' }, { name: 'Team', filters: {}, sort: 'updated_desc', shared: true }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      saveView(fx.db, f.tenant!, { userId: f.me!, role: 'AGENT' }, { name: ' ', filters: {}, sort: 'updated_desc' }),
    ).rejects.toMatchObject({ field: 'name' });
    await saveView(
      fx.db,
      f.tenant!,
      { userId: f.other!, role: 'ADMIN' },
      { name: 'Urgent', filters: { priority: ['URGENT'] }, sort: 'priority_desc', shared: true },
    );
    const mine = await countViews(fx.db, f.tenant!, f.me!, NOW);
    expect(mine.filter((v) => v.scope !== 'default').map((v) => [v.name, v.scope, v.count])).toEqual([
      ['Urgent', 'shared', 1],
      ['My VIPs', 'personal', 1],
    ]);
    expect((await listViews(fx.db, f.tenant!, f.other!)).map((v) => v.name)).not.toContain('My VIPs');
  });

  it('loads a ticket with its thread, tags, SLA state and audit log, and hides other tenants’ tickets', async () => {
    const number = Number(f.unassigned);
    const ticket = await fx.db.ticket.findFirstOrThrow({ where: { tenantId: f.tenant, number } });
    await fx.db.message.create({
      data: { tenantId: f.tenant!, ticketId: ticket.id, kind: 'CUSTOMER', customerId: f.cust, bodyText: 'first', createdAt: minutes(-10) },
    });
    const note = await fx.db.message.create({
      data: { tenantId: f.tenant!, ticketId: ticket.id, kind: 'NOTE', authorUserId: f.me, bodyText: 'internal', createdAt: minutes(-5) },
    });
    await fx.db.auditLog.create({
      data: {
        tenantId: f.tenant!,
        actorType: 'USER',
        actorId: f.me,
        entityType: 'Ticket',
        entityId: ticket.id,
        ticketId: ticket.id,
        action: 'ticket.updated',
        changes: { status: ['NEW', 'OPEN'] },
      },
    });
    const detail = await getTicketDetail(fx.db, f.tenant!, number, { now: NOW });
    expect(detail.messages.map((m) => [m.kind, m.bodyText, m.author])).toEqual([
      ['CUSTOMER', 'first', 'Dan'],
      ['NOTE', 'internal', 'Me'],
    ]);
    expect(detail.lastMessageId).toBe(note.id);
    expect(detail.tags.map((t) => t.name)).toEqual(['refund', 'vip']);
    expect(detail.auditLog[0]).toMatchObject({ action: 'ticket.updated', actorName: 'Me' });
    expect(detail.category?.key).toBe('refund');
    await expect(getTicketDetail(fx.db, tenantId, number)).rejects.toBeInstanceOf(NotFoundError);
  });
});

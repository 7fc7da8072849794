import { approveDraft, correctTriage, discardDraft } from '@helpdesk/ai/draft-approval';
import type { Actor, Db, Prisma } from '@helpdesk/db';
import { makeTenant } from '@helpdesk/testkit';

/**
 * The tenants the report tests read: A counts on the wall clock, B inside business hours, and the AI tenant has
 * drafts and triage reviewed through the real approval and correction paths.
 */

// Fixed instants: the tenants work in Berlin (UTC+1 in early March), and "now" is after every deadline below
// except the one far in the future that must count as pending.
export const NOW = new Date('2026-03-20T12:00:00Z');
const at = (iso: string, plusMinutes = 0) => new Date(Date.parse(iso) + plusMinutes * 60_000);

export interface ReportsWorld {
  tenantA: string;
  tenantB: string;
  tenantAi: string;
}

export async function seedReportsWorld(db: Db): Promise<ReportsWorld> {
  const tenantA = await seedWallClockTenant(db);
  const tenantB = await seedBusinessHoursTenant(db);
  const tenantAi = await seedAiTenant(db);
  return { tenantA, tenantB, tenantAi };
}

async function member(db: Db, tenantId: string, name: string): Promise<string> {
  const user = await db.user.create({ data: { email: `${name.toLowerCase()}-${tenantId}@example.test`, name } });
  await db.membership.create({ data: { tenantId, userId: user.id, role: 'AGENT' } });
  return user.id;
}

type TicketData = Omit<Prisma.TicketUncheckedCreateInput, 'tenantId' | 'number' | 'subject' | 'channel' | 'customerId'>;

let number = 0;

/** Makes the tenant's customer and returns a maker of its tickets, numbered across the tenants. */
async function ticketsOf(db: Db, tenantId: string) {
  const customer = await db.customer.create({ data: { tenantId, email: `c-${tenantId}@example.test`, name: 'Customer' } });
  return async (data: TicketData) => {
    number += 1;
    return db.ticket.create({
      data: { tenantId, number, subject: `Ticket ${number}`, channel: 'EMAIL', customerId: customer.id, ...data },
    });
  };
}

/** Tenant A: wall-clock durations (no business hours), each ticket's SLA deadlines set directly (the report reads them). */
async function seedWallClockTenant(db: Db): Promise<string> {
  const tenantId = (await makeTenant(db, 'Reports A')).id;
  await db.tenant.update({ where: { id: tenantId }, data: { timezone: 'Europe/Berlin' } });
  const alice = await member(db, tenantId, 'Alice');
  const bob = await member(db, tenantId, 'Bob');
  const billingTeam = (await db.group.create({ data: { tenantId, name: 'Billing team' } })).id;
  const techTeam = (await db.group.create({ data: { tenantId, name: 'Tech team' } })).id;
  const billing = (await db.category.create({ data: { tenantId, key: 'billing', name: 'Billing' } })).id;
  const login = (await db.category.create({ data: { tenantId, key: 'login', name: 'Login' } })).id;
  const ticket = await ticketsOf(db, tenantId);
  /** Created at `created`; answered, solved and due the given minutes later. */
  const solved = (created: string, fr: number, res: number, frDue: number, resDue: number) => ({
    createdAt: at(created),
    firstRespondedAt: at(created, fr),
    solvedAt: at(created, res),
    status: 'SOLVED' as const,
    firstResponseDueAt: at(created, frDue),
    resolutionDueAt: at(created, resDue),
  });
  const routed = (groupId: string, assigneeId: string, categoryId: string) => ({ groupId, assigneeId, categoryId });

  // T1: both targets met.
  await ticket({ ...solved('2026-03-01T08:00:00Z', 30, 120, 60, 240), ...routed(billingTeam, alice, billing) });
  // T2: both missed.
  await ticket({ ...solved('2026-03-01T10:00:00Z', 90, 600, 60, 480), ...routed(billingTeam, alice, billing) });
  // T3: both met.
  await ticket({ ...solved('2026-03-02T09:00:00Z', 10, 60, 60, 480), ...routed(techTeam, bob, login) });
  // T4: answered in time, still open past its resolution deadline: missed.
  await ticket({
    createdAt: at('2026-03-03T12:00:00Z'),
    firstRespondedAt: at('2026-03-03T12:00:00Z', 45),
    status: 'OPEN',
    firstResponseDueAt: at('2026-03-03T12:00:00Z', 60),
    resolutionDueAt: at('2026-03-03T12:00:00Z', 480),
    ...routed(techTeam, bob, login),
  });
  // T5: 23:30 UTC on the 4th is 00:30 on the 5th in Berlin; no group, agent, category or SLA.
  await ticket({ createdAt: at('2026-03-04T23:30:00Z') });
  // T6: 23:30 UTC on Feb 28 is March 1st in Berlin, so it is inside the range.
  await ticket({ ...solved('2026-02-28T23:30:00Z', 20, 200, 60, 480), ...routed(billingTeam, bob, billing) });
  // T7: March 8th in Berlin, after the range.
  await ticket({ ...solved('2026-03-07T23:30:00Z', 5, 10, 60, 480), ...routed(techTeam, bob, login) });
  // T8: created before the range, solved inside it: counts in "solved" on March 2nd only.
  await ticket({ createdAt: at('2026-02-27T10:00:00Z'), solvedAt: at('2026-03-02T10:00:00Z'), status: 'SOLVED', assigneeId: alice });
  // T9: deadlines not reached at NOW: neither met nor missed yet.
  await ticket({
    createdAt: at('2026-03-06T10:00:00Z'),
    status: 'NEW',
    firstResponseDueAt: at('2026-04-01T10:00:00Z'),
    resolutionDueAt: at('2026-04-02T10:00:00Z'),
    ...routed(techTeam, alice, login),
  });
  return tenantId;
}

/**
 * Tenant B: business hours Monday to Friday 09:00-17:00 Berlin time (March 2nd, 2026 is a Monday). Its tickets
 * fall in tenant A's range too, and must never show in A's numbers.
 */
async function seedBusinessHoursTenant(db: Db): Promise<string> {
  const tenantId = (await makeTenant(db, 'Reports B')).id;
  await db.tenant.update({
    where: { id: tenantId },
    data: { timezone: 'Europe/Berlin', businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } },
  });
  const ticket = await ticketsOf(db, tenantId);
  // Friday 16:00 local, answered Monday 09:30 local: 60 + 30 working minutes.
  await ticket({ createdAt: at('2026-03-06T15:00:00Z'), firstRespondedAt: at('2026-03-09T08:30:00Z'), status: 'OPEN' });
  // Tuesday 08:00 local (before opening), answered 09:15 local: 15; solved Wednesday 10:00 local: 480 + 60.
  await ticket({
    createdAt: at('2026-03-03T07:00:00Z'),
    firstRespondedAt: at('2026-03-03T08:15:00Z'),
    solvedAt: at('2026-03-04T09:00:00Z'),
    status: 'SOLVED',
  });
  return tenantId;
}

/** The AI tenant: drafts reviewed through the real approval and discard paths, triage corrected through correctTriage. */
async function seedAiTenant(db: Db): Promise<string> {
  const tenantId = (await makeTenant(db, 'Reports AI')).id;
  const reviewer = await member(db, tenantId, 'Rita');
  const aiActor: Actor = { type: 'USER', id: reviewer, tenantId, role: 'AGENT', name: 'Rita' };
  const system: Actor = { type: 'SYSTEM', id: null, tenantId, name: 'Auto-send' };
  await db.category.createMany({
    data: [
      { tenantId, key: 'billing', name: 'Billing' },
      { tenantId, key: 'login', name: 'Login' },
    ],
  });
  const ticket = await ticketsOf(db, tenantId);
  const aiTicket = () => ticket({ createdAt: at('2026-03-03T09:00:00Z'), status: 'OPEN' });
  const draft = async (source: 'LOCAL' | 'CLOUD' | 'LOCAL_FALLBACK', body: string, status: 'READY' | 'FAILED' = 'READY') => {
    const t = await aiTicket();
    return db.aiDraft.create({
      data: {
        tenantId,
        ticketId: t.id,
        contentVersion: 1,
        body,
        citations: [],
        source,
        status,
        modelId: source === 'CLOUD' ? 'claude-haiku-4-5' : 'qwen',
        promptVersion: 'v1',
        createdAt: at('2026-03-03T09:05:00Z'),
      },
    });
  };
  const approve = async (draftSource: 'LOCAL' | 'CLOUD', drafted: string, sent: string, by = aiActor) =>
    approveDraft(db, by, { draftId: (await draft(draftSource, drafted)).id, body: sent });
  // Local: unchanged but for whitespace, auto-sent unchanged, two edits (2 of 10 characters, 5 of 10), one discarded, one never reviewed.
  await approve('LOCAL', 'Hello there, all set.', 'Hello  there,\n all set.');
  await approve('LOCAL', 'Your refund is on its way.', 'Your refund is on its way.', system);
  await approve('LOCAL', 'abcdefghij', 'abcdefghXY');
  await approve('LOCAL', '0123456789', '01234');
  await discardDraft(db, aiActor, (await draft('LOCAL', 'Wrong answer')).id);
  await draft('LOCAL', 'Nobody looked at this');
  // Cloud: one edit (1 of 19 characters), one unchanged, one failed.
  await approve('CLOUD', 'Thanks for waiting', 'Thanks for waiting!');
  await approve('CLOUD', 'We have reset your password.', 'We have reset your password.');
  await draft('CLOUD', '', 'FAILED');

  /** A ticket triaged once per given instant, as content versions 1, 2, …; returns its id. */
  const triaged = async (source: 'CLASSIFIER' | 'LOCAL_MODEL', instants = ['2026-03-03T09:01:00Z']) => {
    const t = await aiTicket();
    for (const [i, createdAt] of instants.entries())
      await db.triageResult.create({
        data: {
          tenantId,
          ticketId: t.id,
          contentVersion: i + 1,
          categoryKey: 'billing',
          priority: 'NORMAL',
          sentiment: 'NEUTRAL',
          language: 'en',
          confidence: 0.9,
          summary: 's',
          source,
          candidates: [],
          modelId: source === 'CLASSIFIER' ? 'classifier-v1' : 'qwen',
          promptVersion: 'v1',
          durationMs: 5,
          createdAt: at(createdAt),
        },
      });
    return t.id;
  };
  const x1 = await triaged('CLASSIFIER');
  await correctTriage(db, aiActor, { ticketId: x1, field: 'category', value: 'login' });
  // Set to what the classifier said: a confirmation, not a correction.
  const x2 = await triaged('CLASSIFIER');
  await correctTriage(db, aiActor, { ticketId: x2, field: 'category', value: 'billing' });
  const x3 = await triaged('LOCAL_MODEL');
  await correctTriage(db, aiActor, { ticketId: x3, field: 'priority', value: 'HIGH' });
  await correctTriage(db, aiActor, { ticketId: x3, field: 'sentiment', value: 'NEGATIVE' });
  // Two triages of one ticket; the correction made after the second belongs to the second only.
  const x4 = await triaged('LOCAL_MODEL', ['2026-03-03T09:01:00Z', '2026-03-04T09:01:00Z']);
  await correctTriage(db, aiActor, { ticketId: x4, field: 'category', value: 'login' });
  await triaged('CLASSIFIER');
  return tenantId;
}

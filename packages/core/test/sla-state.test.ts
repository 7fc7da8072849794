import { beforeAll, describe, expect, it } from 'vitest';
import { TicketStatus } from '@helpdesk/db';
import { makeTenant } from '@helpdesk/testkit';
import { getTicketDetail, listTickets } from '../src/queries/index';
import { OPEN_STATUSES, slaState } from '../src/sla-state';
import { insertTicket, makeCustomer, type TicketSpec } from './queries-fixtures';
import { useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase({ prefix: 'hd_sla_state', pool: 2 });
const T0 = new Date('2026-11-26T12:00:00Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);

let tenantId: string;
const specs = new Map<string, Omit<TicketSpec, 'subject' | 'customerId'>>();

beforeAll(async () => {
  tenantId = (await makeTenant(fx.db, 'SLA state')).id;
  const customerId = await makeCustomer(fx.db, tenantId, 'sla@example.test');
  // Every status × a spread of clocks, so the SQL and the function are compared on more than the happy path.
  const clocks: Omit<TicketSpec, 'subject' | 'customerId' | 'status'>[] = [
    {},
    { firstResponseDueAt: at(30), resolutionDueAt: at(600) },
    { firstResponseDueAt: at(120), resolutionDueAt: at(600) },
    { firstResponseDueAt: at(-5), resolutionDueAt: at(600) },
    { firstResponseDueAt: at(-5), firstRespondedAt: at(-10), resolutionDueAt: at(45) },
    { firstResponseDueAt: at(-5), firstRespondedAt: at(-10), resolutionDueAt: at(300) },
    { firstResponseDueAt: at(0), resolutionDueAt: at(600) },
    { firstResponseDueAt: at(60), resolutionDueAt: at(900) },
    { resolutionDueAt: at(-1) },
    { resolutionDueAt: at(600), slaBreachedAt: at(-60) },
    { slaBreachedAt: at(-60) },
  ];
  for (const status of Object.values(TicketStatus)) {
    for (const [i, c] of clocks.entries()) {
      const subject = `${status}-${i}`;
      specs.set(subject, { status, ...c });
      await insertTicket(fx.db, tenantId, { subject, customerId, status, ...c });
    }
  }
});

const subjects = async (filters: object, now: Date) =>
  (await listTickets(fx.db, tenantId, filters, 'updated_desc', null, 500, { viewerId: null, now })).items.map((t) => t.subject).sort();

describe('one SLA rule for badges, filters and the sweep', () => {
  it('the filters select exactly the tickets whose badge (slaState) says breached or at risk', async () => {
    for (const now of [at(-30), at(0), at(1), at(61), at(700)]) {
      const page = await listTickets(fx.db, tenantId, {}, 'updated_desc', null, 500, { viewerId: null, now });
      const badge = new Map(page.items.map((t) => [t.subject, t.sla.state]));
      const withState = (s: string) =>
        [...badge]
          .filter(([, v]) => v === s)
          .map(([k]) => k)
          .sort();
      expect(await subjects({ slaState: 'breached' }, now)).toEqual(withState('breached'));
      expect(await subjects({ slaState: 'at_risk' }, now), now.toISOString()).toEqual(withState('at_risk'));
      // The list item is the domain function's answer, not a copy of the rule.
      for (const [subject, spec] of specs) {
        const fields = {
          firstResponseDueAt: null,
          resolutionDueAt: null,
          firstRespondedAt: null,
          slaBreachedAt: null,
          ...spec,
          status: spec.status ?? 'NEW',
        };
        expect(badge.get(subject), subject).toBe(slaState(fields, now).state);
      }
    }
  });

  it('reads the earliest running clock; solved and closed tickets have none unless a breach was marked', () => {
    const base = { firstResponseDueAt: at(30), resolutionDueAt: at(600), firstRespondedAt: null, slaBreachedAt: null };
    expect(slaState({ ...base, status: 'OPEN' }, T0)).toEqual({
      state: 'at_risk',
      target: 'first_response',
      dueAt: at(30),
      remainingMs: 30 * 60_000,
    });
    expect(slaState({ ...base, status: 'OPEN', firstRespondedAt: at(-1) }, T0)).toMatchObject({ state: 'ok', target: 'resolution' });
    expect(slaState({ ...base, status: 'OPEN' }, at(31))).toMatchObject({ state: 'breached', remainingMs: -60_000 });
    expect(slaState({ ...base, status: 'SOLVED' }, at(700))).toEqual({ state: 'none', target: null, dueAt: null, remainingMs: null });
    expect(slaState({ ...base, status: 'CLOSED', slaBreachedAt: at(-5) }, T0)).toMatchObject({ state: 'breached', dueAt: null });
    expect([...OPEN_STATUSES].sort()).toEqual(['NEW', 'ON_HOLD', 'OPEN', 'PENDING']);
  });

  it('the ticket page shows the same state as the list', async () => {
    const page = await listTickets(fx.db, tenantId, { status: ['OPEN'] }, 'updated_desc', null, 500, { viewerId: null, now: T0 });
    for (const item of page.items.slice(0, 4)) {
      const detail = await getTicketDetail(fx.db, tenantId, item.number, { viewerId: null, now: T0 });
      expect(detail.sla).toEqual(item.sla);
    }
  });
});

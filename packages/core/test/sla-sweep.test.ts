import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { autoCloseSolved, sweepSla } from '../src/index';
import { customerActor, makeTenantWithAgent } from './helpers';
import { createTicket } from '../src/index';
import { makeTenant } from '@helpdesk/testkit';
import { useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase();

/** `count` tickets of one tenant, straight into the table: a large backlog without thousands of round trips. */
async function insertTickets(
  tenantId: string,
  count: number,
  fields: { status: string; firstResponseDueAt?: Date; solvedAt?: Date },
): Promise<void> {
  const customer = await fx.db.customer.create({ data: { tenantId, email: `bulk-${tenantId}@c.test` } });
  await fx.systemDb.$executeRaw`
    INSERT INTO "Ticket" (id, "tenantId", number, subject, status, priority, channel, "customerId", "firstResponseDueAt", "solvedAt", "createdAt", "updatedAt")
    SELECT gen_random_uuid()::text, ${tenantId}, 100000 + n, 'bulk ' || n, ${fields.status}::"TicketStatus", 'NORMAL', 'EMAIL', ${customer.id},
           ${fields.firstResponseDueAt ?? null}::timestamp, ${fields.solvedAt ?? null}::timestamp, now(), now()
      FROM generate_series(1, ${count}) AS n`;
}

const flaggedCount = (tenantId: string) => fx.db.ticket.count({ where: { tenantId, slaBreachedAt: { not: null } } });
const auditCount = (tenantId: string, action: string) => fx.db.auditLog.count({ where: { tenantId, action } });

describe('maintenance sweeps at scale', () => {
  it('a large backlog cannot starve a small tenant, and a run that stops early leaves consistent batches', async () => {
    const now = new Date();
    const overdue = new Date(now.getTime() - 3_600_000);
    const big = await makeTenant(fx.db, 'Big');
    const small = await makeTenant(fx.db, 'Small');
    await insertTickets(big.id, 3_000, { status: 'OPEN', firstResponseDueAt: overdue });
    await insertTickets(small.id, 1, { status: 'NEW', firstResponseDueAt: overdue });

    // A zero budget still gives every tenant one batch per run: the small tenant is flagged in the first run.
    const first = await sweepSla(fx.systemDb, now, { batchSize: 500, budgetMs: 0 });
    console.log(`injected: 3000 + 1 overdue tickets; first run: ${JSON.stringify(first)}`);
    expect(first).toMatchObject({ processed: 501, tenants: 2, complete: false });
    expect(await flaggedCount(small.id)).toBe(1);
    expect(await flaggedCount(big.id)).toBe(500);
    expect(await auditCount(big.id, 'sla.breached')).toBe(500);

    const rest = await sweepSla(fx.systemDb, now, { batchSize: 500 });
    expect(rest).toMatchObject({ processed: 2_500, complete: true });
    expect(await flaggedCount(big.id)).toBe(3_000);
    expect(await auditCount(big.id, 'sla.breached')).toBe(3_000);
    const audit = await fx.db.auditLog.findFirstOrThrow({ where: { tenantId: small.id, action: 'sla.breached' } });
    expect(audit).toMatchObject({ actorType: 'SYSTEM', entityType: 'Ticket', changes: { target: 'first_response' } });
    expect((await sweepSla(fx.systemDb, now)).processed).toBe(0);
  });

  it('skips a ticket an agent holds locked instead of waiting for it, and flags it on the next run', async () => {
    const { tenant } = await makeTenantWithAgent(fx.db, 'ADMIN');
    const past = new Date(Date.now() - 60_000);
    const [held, free] = await Promise.all(
      ['held', 'free'].map((s) =>
        createTicket(fx.db, customerActor(tenant.id), { subject: s, bodyText: s, customer: { email: `${s}@c.test` } }),
      ),
    );
    await fx.db.ticket.updateMany({ where: { tenantId: tenant.id, id: { in: [held!.id, free!.id] } }, data: { firstResponseDueAt: past } });

    const agentSession = new pg.Client({ connectionString: fx.url });
    await agentSession.connect();
    try {
      await agentSession.query('BEGIN');
      await agentSession.query('SELECT id FROM "Ticket" WHERE id = $1 FOR UPDATE', [held!.id]);
      const whileHeld = await sweepSla(fx.systemDb, new Date());
      expect(whileHeld.processed).toBeGreaterThanOrEqual(1);
      const states = await fx.db.ticket.findMany({ where: { tenantId: tenant.id }, select: { subject: true, slaBreachedAt: true } });
      expect(states.find((t) => t.subject === 'free')?.slaBreachedAt).toBeInstanceOf(Date);
      expect(states.find((t) => t.subject === 'held')?.slaBreachedAt).toBeNull();
      await agentSession.query('COMMIT');
    } finally {
      await agentSession.end();
    }
    await sweepSla(fx.systemDb, new Date());
    const after = await fx.db.ticket.findFirstOrThrow({ where: { tenantId: tenant.id, id: held!.id } });
    expect(after.slaBreachedAt).toBeInstanceOf(Date);
  });

  it('auto-close works through a large backlog in batches with one audit row per ticket', async () => {
    const tenant = await makeTenant(fx.db, 'Closer');
    await fx.db.tenant.update({ where: { id: tenant.id }, data: { autoCloseDays: 1 } });
    await insertTickets(tenant.id, 1_200, { status: 'SOLVED', solvedAt: new Date(Date.now() - 3 * 86_400_000) });
    const run = await autoCloseSolved(fx.systemDb, new Date(), { batchSize: 400 });
    expect(run).toMatchObject({ complete: true });
    expect(run.processed).toBeGreaterThanOrEqual(1_200);
    expect(await fx.db.ticket.count({ where: { tenantId: tenant.id, status: 'CLOSED' } })).toBe(1_200);
    expect(await auditCount(tenant.id, 'ticket.auto_closed')).toBe(1_200);
  });
});

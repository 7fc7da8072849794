import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainTenantClassifier } from '@helpdesk/classifier';
import { createDb, type Db } from '@helpdesk/db';
import { createTestDatabase, makeTenant } from '@helpdesk/testkit';
import { addLabelledTickets, rowsOf } from '../../classifier/test/fixtures';
import { ModelRuntime } from '../src/runtime';
import { summarizeThread } from '../src/summary';
import { ensureTinyModel } from '../src/tiny-model';
import { CLASSIFIER_CONFIDENT, triageTicket } from '../src/triage';

const CATEGORIES = ['card_arrival', 'exchange_rate', 'lost_or_stolen_card', 'cash_withdrawal_charge'];
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let runtime: ModelRuntime;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, 4);
  runtime = await ModelRuntime.load({ modelPath: await ensureTinyModel(), threads: 1, sequences: 1, contextSize: 4096, gpu: false });
}, 120_000);
afterAll(async () => {
  await runtime?.dispose();
  await db?.$disconnect();
  await database?.drop();
});

async function ticketWith(tenantId: string, bodies: string[]) {
  const customer = await db.customer.create({ data: { tenantId, email: `c-${Math.random()}@x.test` } });
  const number = (await db.ticket.count({ where: { tenantId } })) + 1000;
  return db.ticket.create({
    data: {
      tenantId,
      number,
      subject: 'Question',
      channel: 'EMAIL',
      customerId: customer.id,
      messages: { create: bodies.map((bodyText) => ({ tenantId, kind: 'CUSTOMER' as const, customerId: customer.id, bodyText })) },
    },
  });
}

describe('triage job', () => {
  it('asks the tenant classifier first: confident settles the category, unsure narrows the model', async () => {
    const { id: tenantId } = await makeTenant(db, 'Classifier Tenant');
    await addLabelledTickets(db, tenantId, rowsOf(CATEGORIES, 16));
    expect((await trainTenantClassifier(db, tenantId)).status).toBe('trained');
    const held = rowsOf(CATEGORIES, 2, 40);
    for (const example of held) {
      const ticket = await ticketWith(tenantId, [example.text]);
      const result = await triageTicket(db, runtime, { tenantId, ticketId: ticket.id, contentVersion: 1 });
      const candidates = result.candidates as { key: string; prob: number }[];
      expect(candidates.length).toBeGreaterThan(0);
      if (result.source === 'CLASSIFIER') {
        expect(result.categoryKey).toBe(candidates[0]!.key);
        expect(result.confidence).toBeGreaterThanOrEqual(CLASSIFIER_CONFIDENT);
      } else {
        expect([null, ...candidates.map((c) => c.key)]).toContain(result.categoryKey);
      }
    }
  }, 120_000);

  it('is idempotent per content version and records prompt-token reuse', async () => {
    const { id: tenantId } = await makeTenant(db, 'Plain Tenant');
    await db.category.create({ data: { tenantId, key: 'billing', name: 'Billing' } });
    const a = await ticketWith(tenantId, ['I was charged twice']);
    const b = await ticketWith(tenantId, ['My invoice is wrong']);
    const first = await triageTicket(db, runtime, { tenantId, ticketId: a.id, contentVersion: 1 });
    const again = await triageTicket(db, runtime, { tenantId, ticketId: a.id, contentVersion: 1 });
    expect(again.id).toBe(first.id);
    expect(await db.triageResult.count({ where: { tenantId, ticketId: a.id } })).toBe(1);
    const second = await triageTicket(db, runtime, { tenantId, ticketId: b.id, contentVersion: 1 });
    expect(second.source).toBe('LOCAL_MODEL');
    expect(second.promptTokensEvaluated).toBeLessThan(second.tokensIn);
    const usage = await db.usageEvent.findMany({ where: { tenantId, feature: 'TRIAGE' } });
    expect(usage).toHaveLength(2);
  }, 60_000);

  it('summarises long threads only', async () => {
    const { id: tenantId } = await makeTenant(db, 'Summary Tenant');
    const short = await ticketWith(tenantId, ['one', 'two']);
    expect(await summarizeThread(db, runtime, { tenantId, ticketId: short.id, contentVersion: 1 })).toBeNull();
    const long = await ticketWith(tenantId, ['first', 'second', 'third', 'fourth']);
    const summary = await summarizeThread(db, runtime, { tenantId, ticketId: long.id, contentVersion: 1 });
    expect(summary?.summary.length).toBeGreaterThan(0);
    expect(await db.threadSummary.count({ where: { tenantId, ticketId: long.id } })).toBe(1);
  }, 60_000);
});

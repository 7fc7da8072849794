import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@helpdesk/db';
import { createTestDatabase, makeTenant } from '@helpdesk/testkit';
import { draftTicket } from '../src/draft';
import { ModelRuntime } from '../src/runtime';
import { ensureTinyModel } from '../src/tiny-model';

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

/** A triaged, retrieved ticket in a local-only tenant whose policy auto-sends `categoryKey` above 0.9. */
async function triagedTicket(categoryKey: string, confidence: number) {
  const { id: tenantId } = await makeTenant(db, 'Auto-send Tenant');
  await db.escalationPolicy.create({ data: { tenantId, localOnly: true, categories: [], autoSendCategories: ['card_arrival'], autoSendConfidence: 0.9 } });
  const customer = await db.customer.create({ data: { tenantId, email: 'pat@example.com', name: 'Pat' } });
  const ticket = await db.ticket.create({
    data: {
      tenantId,
      number: 1,
      subject: 'Where is my card?',
      channel: 'EMAIL',
      customerId: customer.id,
      messages: { create: [{ tenantId, kind: 'CUSTOMER', customerId: customer.id, bodyText: 'My card has not arrived yet.' }] },
    },
  });
  const base = { tenantId, ticketId: ticket.id, contentVersion: 1 };
  await db.triageResult.create({
    data: { ...base, categoryKey, priority: 'NORMAL', sentiment: 'NEUTRAL', language: 'en', confidence, summary: 'card', source: 'CLASSIFIER', candidates: [], modelId: 't', promptVersion: 't', durationMs: 1 },
  });
  await db.retrievalResult.create({ data: { ...base, citations: [], topScore: 0.9, modelId: 't', durationMs: 1 } });
  return base;
}

describe('auto-send', () => {
  it('sends a confident draft in an auto-send category once, as a queued reply, even when the job runs again', async () => {
    const ref = await triagedTicket('card_arrival', 0.97);
    const first = await draftTicket(db, runtime, null, ref, { id: 'draft-job-1' });
    expect(first.autoSend).toBe(true);
    expect(first.draft.status).toBe('APPROVED');
    await draftTicket(db, runtime, null, ref, { id: 'draft-job-1', attemptsMade: 1 });
    const replies = await db.message.findMany({ where: { tenantId: ref.tenantId, ticketId: ref.ticketId, kind: 'REPLY' } });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.draftId).toBe(first.draft.id);
    expect(replies[0]!.deliveryStatus).toBe('QUEUED');
  }, 120_000);

  it('leaves drafts below the floor or outside the categories for an agent', async () => {
    for (const [category, confidence] of [['card_arrival', 0.5], ['exchange_rate', 0.99]] as const) {
      const ref = await triagedTicket(category, confidence);
      const result = await draftTicket(db, runtime, null, ref, { id: `draft-${category}` });
      expect(result.autoSend).toBe(false);
      expect(result.draft.status).toBe('READY');
      expect(await db.message.count({ where: { tenantId: ref.tenantId, ticketId: ref.ticketId, kind: 'REPLY' } })).toBe(0);
    }
  }, 120_000);
});

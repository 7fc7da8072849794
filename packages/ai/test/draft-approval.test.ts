import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Actor, type Db } from '@helpdesk/db';
import { createTestDatabase, makeTenant } from '@helpdesk/testkit';
import { approveDraft, correctTriage, discardDraft } from '../src/draft-approval';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let tenantId: string;
let admin: Actor;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, 4);
  tenantId = (await makeTenant(db, 'Review Tenant')).id;
  const user = await db.user.create({ data: { email: `agent-${Date.now()}@kb.test`, name: 'Agent Kay' } });
  await db.membership.create({ data: { tenantId, userId: user.id, role: 'AGENT' } });
  admin = { type: 'USER', id: user.id, tenantId, role: 'AGENT' };
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('reviewing AI output', () => {
  async function ticketWithDraft() {
    const customer = await db.customer.create({ data: { tenantId, email: `c-${Math.random()}@x.test` } });
    const ticket = await db.ticket.create({
      data: { tenantId, number: Math.floor(Math.random() * 1e9), subject: 'Help', channel: 'EMAIL', customerId: customer.id },
    });
    await db.message.create({ data: { tenantId, ticketId: ticket.id, kind: 'CUSTOMER', customerId: customer.id, bodyText: 'Hi' } });
    const draft = await db.aiDraft.create({
      data: {
        tenantId,
        ticketId: ticket.id,
        contentVersion: 1,
        body: 'Hello!',
        citations: [],
        source: 'LOCAL',
        status: 'READY',
        modelId: 'm',
        promptVersion: 'p',
      },
    });
    return { ticket, draft };
  }

  it('approves an edited draft once, as the agent reply', async () => {
    const { ticket, draft } = await ticketWithDraft();
    const { message } = await approveDraft(db, admin, { draftId: draft.id, body: 'Hello, edited.' });
    expect(message).toMatchObject({ kind: 'REPLY', bodyText: 'Hello, edited.', draftId: draft.id, ticketId: ticket.id });
    await expect(approveDraft(db, admin, { draftId: draft.id, body: 'again' })).rejects.toMatchObject({ status: 409 });
    expect(await db.message.count({ where: { tenantId, ticketId: ticket.id, kind: 'REPLY' } })).toBe(1);
    await expect(approveDraft(db, admin, { draftId: draft.id, body: '  ' })).rejects.toMatchObject({ status: 400, field: 'body' });
  });

  it('discards a draft and records triage corrections as labels', async () => {
    const { ticket, draft } = await ticketWithDraft();
    expect((await discardDraft(db, admin, draft.id)).status).toBe('DISCARDED');
    await db.category.create({ data: { tenantId, key: 'billing', name: 'Billing' } });
    await correctTriage(db, admin, { ticketId: ticket.id, field: 'category', value: 'billing' });
    await correctTriage(db, admin, { ticketId: ticket.id, field: 'priority', value: 'URGENT' });
    const labels = await db.triageLabel.findMany({ where: { tenantId, ticketId: ticket.id }, orderBy: { createdAt: 'asc' } });
    expect(labels.map((l) => [l.field, l.toValue])).toEqual([
      ['category', 'billing'],
      ['priority', 'URGENT'],
    ]);
    const updated = await db.ticket.findFirstOrThrow({ where: { id: ticket.id, tenantId }, include: { category: true } });
    expect(updated.priority).toBe('URGENT');
    expect(updated.category?.key).toBe('billing');
    await expect(correctTriage(db, admin, { ticketId: ticket.id, field: 'category', value: 'nope' })).rejects.toMatchObject({
      status: 404,
    });
  });
});

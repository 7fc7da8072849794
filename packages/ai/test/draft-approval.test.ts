import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@helpdesk/db';
import { makeMember, makeTenant } from '@helpdesk/testkit';
import { approveDraft, correctTriage, discardDraft } from '../src/draft-approval';
import { useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase({ pool: 4 });
let tenantId: string;
let admin: Actor;

beforeAll(async () => {
  tenantId = (await makeTenant(fx.db, 'Review Tenant')).id;
  admin = await makeMember(fx.db, tenantId, 'AGENT', 'Agent Kay');
});

describe('reviewing AI output', () => {
  async function ticketWithDraft() {
    const customer = await fx.db.customer.create({ data: { tenantId, email: `c-${Math.random()}@x.test` } });
    const ticket = await fx.db.ticket.create({
      data: { tenantId, number: Math.floor(Math.random() * 1e9), subject: 'Help', channel: 'EMAIL', customerId: customer.id },
    });
    await fx.db.message.create({ data: { tenantId, ticketId: ticket.id, kind: 'CUSTOMER', customerId: customer.id, bodyText: 'Hi' } });
    const draft = await fx.db.aiDraft.create({
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
    const { message } = await approveDraft(fx.db, admin, { draftId: draft.id, body: 'Hello, edited.' });
    expect(message).toMatchObject({ kind: 'REPLY', bodyText: 'Hello, edited.', draftId: draft.id, ticketId: ticket.id });
    await expect(approveDraft(fx.db, admin, { draftId: draft.id, body: 'again' })).rejects.toMatchObject({ status: 409 });
    expect(await fx.db.message.count({ where: { tenantId, ticketId: ticket.id, kind: 'REPLY' } })).toBe(1);
    await expect(approveDraft(fx.db, admin, { draftId: draft.id, body: '  ' })).rejects.toMatchObject({ status: 400, field: 'body' });
  });

  it('sent from the composer, applies the status the agent picked and refuses a thread that moved on', async () => {
    const { ticket, draft } = await ticketWithDraft();
    const seen = await fx.db.message.findFirstOrThrow({ where: { tenantId, ticketId: ticket.id } });
    // The customer writes again after the agent opened the ticket: the draft answers a thread that has moved on.
    await fx.db.message.create({
      data: { tenantId, ticketId: ticket.id, kind: 'CUSTOMER', customerId: ticket.customerId, bodyText: 'Also…' },
    });
    await expect(
      approveDraft(fx.db, admin, { draftId: draft.id, body: 'Hello!', status: 'PENDING', expectedLastMessageId: seen.id }),
    ).rejects.toMatchObject({ status: 409 });
    expect((await fx.db.aiDraft.findFirstOrThrow({ where: { id: draft.id, tenantId } })).status).toBe('READY');
    expect(await fx.db.message.count({ where: { tenantId, ticketId: ticket.id, kind: 'REPLY' } })).toBe(0);

    const latest = await fx.db.message.findFirstOrThrow({ where: { tenantId, ticketId: ticket.id }, orderBy: { createdAt: 'desc' } });
    await approveDraft(fx.db, admin, { draftId: draft.id, body: 'Hello!', status: 'PENDING', expectedLastMessageId: latest.id });
    expect((await fx.db.ticket.findFirstOrThrow({ where: { id: ticket.id, tenantId } })).status).toBe('PENDING');
  });

  it('discards a draft and records triage corrections as labels', async () => {
    const { ticket, draft } = await ticketWithDraft();
    expect((await discardDraft(fx.db, admin, draft.id)).status).toBe('DISCARDED');
    await fx.db.category.create({ data: { tenantId, key: 'billing', name: 'Billing' } });
    await correctTriage(fx.db, admin, { ticketId: ticket.id, field: 'category', value: 'billing' });
    await correctTriage(fx.db, admin, { ticketId: ticket.id, field: 'priority', value: 'URGENT' });
    const labels = await fx.db.triageLabel.findMany({ where: { tenantId, ticketId: ticket.id }, orderBy: { createdAt: 'asc' } });
    expect(labels.map((l) => [l.field, l.toValue])).toEqual([
      ['category', 'billing'],
      ['priority', 'URGENT'],
    ]);
    const updated = await fx.db.ticket.findFirstOrThrow({ where: { id: ticket.id, tenantId }, include: { category: true } });
    expect(updated.priority).toBe('URGENT');
    expect(updated.category?.key).toBe('billing');
    await expect(correctTriage(fx.db, admin, { ticketId: ticket.id, field: 'category', value: 'nope' })).rejects.toMatchObject({
      status: 404,
    });
  });
});

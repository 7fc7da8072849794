import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { htmlToText } from '@helpdesk/core';
import { textToHtml } from '@helpdesk/core/rich-text';
import { sanitizeReplyHtml } from '@helpdesk/core/sanitize';
import { createDb, type Actor, type Db } from '@helpdesk/db';
import { createTestDatabase, makeTenant } from '@helpdesk/testkit';
import { approveDraft } from '../src/draft-approval';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let agent: Actor;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url, 2);
  const tenantId = (await makeTenant(db, 'Composer Tenant')).id;
  const user = await db.user.create({ data: { email: `agent-${Date.now()}@composer.test`, name: 'Agent Cole' } });
  await db.membership.create({ data: { tenantId, userId: user.id, role: 'AGENT' } });
  agent = { type: 'USER', id: user.id, tenantId, role: 'AGENT' };
});
afterAll(async () => {
  await db?.$disconnect();
  await database?.drop();
});

describe('approving a draft from the rich-text composer', () => {
  it('sends sanitised HTML with the text part, citations to agent-only article pages as plain text', async () => {
    const tenantId = agent.tenantId;
    const customer = await db.customer.create({ data: { tenantId, email: 'sam@x.test' } });
    const ticket = await db.ticket.create({ data: { tenantId, number: 7, subject: 'Refund', channel: 'EMAIL', customerId: customer.id } });
    await db.message.create({
      data: { tenantId, ticketId: ticket.id, kind: 'CUSTOMER', customerId: customer.id, bodyText: 'Refund please' },
    });
    const body = 'Refunds take 5 days [1].\n\nSources:\n[1] Card refunds';
    const draft = await db.aiDraft.create({
      data: {
        tenantId,
        ticketId: ticket.id,
        contentVersion: 1,
        body,
        citations: [],
        source: 'LOCAL',
        status: 'READY',
        modelId: 'm',
        promptVersion: 'p',
      },
    });
    // What the composer holds after "Edit and send", with the agent's bold and a script pasted in.
    const edited =
      textToHtml(body, [{ title: 'Card refunds', href: '/knowledge/art_1' }]).replace('Refunds take', '<strong>Refunds</strong> take') +
      '<script>alert(1)</script>';
    // As the send action does: the text part is written from the sanitised reply, never taken from the client.
    const { message, draft: approved } = await approveDraft(db, agent, {
      draftId: draft.id,
      body: htmlToText(sanitizeReplyHtml(edited)),
      bodyHtml: edited,
    });
    expect(message.bodyHtml).toBe(
      '<p><strong>Refunds</strong> take 5 days <span>[1]</span>.</p><p>Sources:<br /><span>[1] Card refunds</span></p>',
    );
    expect(message.bodyText).toBe('Refunds take 5 days [1].\n\nSources:\n[1] Card refunds');
    expect(approved).toMatchObject({ status: 'APPROVED', messageId: message.id });
  });
});

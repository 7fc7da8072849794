import { beforeAll, describe, expect, it } from 'vitest';
import { htmlToText } from '@helpdesk/core';
import { textToHtml } from '@helpdesk/core/rich-text';
import { sanitizeReplyHtml } from '@helpdesk/core/sanitize';
import type { Actor } from '@helpdesk/db';
import { makeMember, makeTenant } from '@helpdesk/testkit';
import { approveDraft } from '../src/draft-approval';
import { useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase({ pool: 2 });
let agent: Actor;

beforeAll(async () => {
  const tenantId = (await makeTenant(fx.db, 'Composer Tenant')).id;
  agent = await makeMember(fx.db, tenantId, 'AGENT', 'Agent Cole');
});

describe('approving a draft from the rich-text composer', () => {
  it('sends sanitised HTML with the text part, citations to agent-only article pages as plain text', async () => {
    const tenantId = agent.tenantId;
    const customer = await fx.db.customer.create({ data: { tenantId, email: 'sam@x.test' } });
    const ticket = await fx.db.ticket.create({
      data: { tenantId, number: 7, subject: 'Refund', channel: 'EMAIL', customerId: customer.id },
    });
    await fx.db.message.create({
      data: { tenantId, ticketId: ticket.id, kind: 'CUSTOMER', customerId: customer.id, bodyText: 'Refund please' },
    });
    const body = 'Refunds take 5 days [1].\n\nSources:\n[1] Card refunds';
    const draft = await fx.db.aiDraft.create({
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
    const { message, draft: approved } = await approveDraft(fx.db, agent, {
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

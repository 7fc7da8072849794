import { describe, expect, it } from 'vitest';
import { makeTenant } from '@helpdesk/testkit';
import { localDraft } from '../src/draft';
import { useTestDatabase } from '@helpdesk/testkit/hooks';
import { customerTicket, useTinyModel } from './fixtures';

const fx = useTestDatabase();
const tiny = useTinyModel();

describe('localDraft streaming (real tiny model)', () => {
  it('hands on the text so far after each decoded chunk, in order, ending with the text the draft is made of', async () => {
    const { id: tenantId } = await makeTenant(fx.db, 'Stream Tenant');
    const ticket = await customerTicket(fx.db, tenantId, {
      email: 'stream@x.test',
      number: 1,
      subject: 'Card not arrived',
      bodies: ['My card has not arrived yet, where is it?'],
    });
    const seen: string[] = [];
    const draft = await localDraft(fx.db, tiny.runtime, { tenantId, ticketId: ticket.id, contentVersion: 1 }, [], undefined, {
      onText: async (text) => {
        // A slow subscriber must not reorder what it is handed.
        await new Promise((r) => setTimeout(r, seen.length % 2 ? 5 : 0));
        seen.push(text);
      },
    });
    expect(draft.tokensOut).toBeGreaterThan(1);
    expect(seen.length).toBeGreaterThan(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.startsWith(seen[i - 1]!) && seen[i]!.length > seen[i - 1]!.length).toBe(true);
    // The stored body is the model's text trimmed (plus the sources footer, none here): what streamed, whole.
    expect(draft.body).toBe(seen.at(-1)!.trim());
  }, 180_000);
});

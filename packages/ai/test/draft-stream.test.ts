import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '@helpdesk/db';
import { ModelRuntime } from '@helpdesk/llm';
import { ensureTinyModel } from '@helpdesk/models/tiny-model';
import { createTestDatabase, makeTenant } from '@helpdesk/testkit';
import { localDraft } from '../src/draft';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let runtime: ModelRuntime;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  runtime = await ModelRuntime.load({ modelPath: await ensureTinyModel(), threads: 1, sequences: 1, contextSize: 4096, gpu: false });
}, 120_000);
afterAll(async () => {
  await runtime?.dispose();
  await db?.$disconnect();
  await database?.drop();
});

describe('localDraft streaming (real tiny model)', () => {
  it('hands on the text so far after each decoded chunk, in order, ending with the text the draft is made of', async () => {
    const { id: tenantId } = await makeTenant(db, 'Stream Tenant');
    const customer = await db.customer.create({ data: { tenantId, email: 'stream@x.test' } });
    const ticket = await db.ticket.create({
      data: {
        tenantId,
        number: 1,
        subject: 'Card not arrived',
        channel: 'EMAIL',
        customerId: customer.id,
        messages: {
          create: [{ tenantId, kind: 'CUSTOMER', customerId: customer.id, bodyText: 'My card has not arrived yet, where is it?' }],
        },
      },
    });
    const seen: string[] = [];
    const draft = await localDraft(db, runtime, { tenantId, ticketId: ticket.id, contentVersion: 1 }, [], undefined, {
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

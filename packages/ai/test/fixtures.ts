import { afterAll, beforeAll } from 'vitest';
import type { Db } from '@helpdesk/db';
import { ModelRuntime } from '@helpdesk/llm';
import { ensureTinyModel } from '@helpdesk/models/tiny-model';

/**
 * The tiny demo model (random weights, real llama.cpp) loaded for the file's tests, one thread and one sequence so
 * a second job waits for the first, and disposed after them. Read `runtime` in tests, once beforeAll has run.
 */
export function useTinyModel(contextSize = 4096): { runtime: ModelRuntime } {
  const tiny = {} as { runtime: ModelRuntime };
  beforeAll(async () => {
    tiny.runtime = await ModelRuntime.load({ modelPath: await ensureTinyModel(), threads: 1, sequences: 1, contextSize, gpu: false });
  }, 120_000);
  afterAll(async () => {
    await tiny.runtime?.dispose();
  });
  return tiny;
}

/** A ticket from a new customer with the given customer messages, written directly: the AI jobs only read these rows. */
export async function customerTicket(db: Db, tenantId: string, t: { bodies: string[]; email?: string; number?: number; subject?: string }) {
  const customer = await db.customer.create({ data: { tenantId, email: t.email ?? `c-${Math.random()}@x.test` } });
  return db.ticket.create({
    data: {
      tenantId,
      number: t.number ?? (await db.ticket.count({ where: { tenantId } })) + 1000,
      subject: t.subject ?? 'Question',
      channel: 'EMAIL',
      customerId: customer.id,
      messages: { create: t.bodies.map((bodyText) => ({ tenantId, kind: 'CUSTOMER' as const, customerId: customer.id, bodyText })) },
    },
  });
}

import type { Db, Priority, Sentiment } from '@helpdesk/db';
import { makeTenant } from '@helpdesk/testkit';

/** Platform prices: $1 / $5 per MTok for the medium tier, $3 / $15 for the complex tier. */
export async function seedPrices(db: Db): Promise<void> {
  const effectiveFrom = new Date('2024-01-01T00:00:00Z');
  await db.priceCatalog.createMany({
    data: [
      {
        model: 'claude-haiku-4-5',
        provider: 'CLOUD',
        inputPerMTokMicros: 1_000_000n,
        outputPerMTokMicros: 5_000_000n,
        cacheWritePerMTokMicros: 1_250_000n,
        cacheReadPerMTokMicros: 100_000n,
        effectiveFrom,
      },
      {
        model: 'claude-sonnet-4-6',
        provider: 'CLOUD',
        inputPerMTokMicros: 3_000_000n,
        outputPerMTokMicros: 15_000_000n,
        cacheWritePerMTokMicros: 3_750_000n,
        cacheReadPerMTokMicros: 300_000n,
        effectiveFrom,
      },
    ],
    skipDuplicates: true,
  });
}

export interface TicketSpec {
  subject?: string;
  body?: string;
  customerName?: string;
  customerEmail?: string;
  customerTags?: string[];
  confidence?: number;
  categoryKey?: string | null;
  priority?: Priority;
  sentiment?: Sentiment;
  outOfScope?: boolean;
}

let counter = 0;

export async function makeTicket(db: Db, tenantId: string, spec: TicketSpec = {}) {
  counter++;
  const customer = await db.customer.create({
    data: {
      tenantId,
      email: spec.customerEmail ?? `c${counter}-${Date.now()}@example.com`,
      name: spec.customerName ?? null,
      tags: spec.customerTags ?? [],
    },
  });
  const ticket = await db.ticket.create({
    data: {
      tenantId,
      number: counter * 1000 + Math.floor(Math.random() * 999),
      subject: spec.subject ?? 'Refund for my order',
      channel: 'EMAIL',
      customerId: customer.id,
    },
  });
  await db.message.create({
    data: {
      tenantId,
      ticketId: ticket.id,
      kind: 'CUSTOMER',
      customerId: customer.id,
      bodyText: spec.body ?? 'Hello, I would like a refund for my order please.',
    },
  });
  await db.triageResult.create({
    data: {
      tenantId,
      ticketId: ticket.id,
      contentVersion: 1,
      categoryKey: spec.categoryKey ?? 'billing',
      priority: spec.priority ?? 'NORMAL',
      sentiment: spec.sentiment ?? 'NEUTRAL',
      language: 'en',
      confidence: spec.confidence ?? 0.9,
      outOfScope: spec.outOfScope ?? false,
      summary: 'test',
      source: 'CLASSIFIER',
      candidates: [],
      modelId: 'test-classifier',
      promptVersion: 'v1',
      durationMs: 5,
      tokensIn: 300,
      tokensOut: 40,
    },
  });
  return { ticket, customer };
}

export { makeTenant };

/** A billed Haiku draft call as recordUsage takes it, less the tenant, ticket and key: what a crashed run left behind. */
export const CLOUD_DRAFT_CALL = {
  feature: 'ESCALATED_DRAFT',
  model: 'claude-haiku-4-5',
  provider: 'CLOUD',
  tokensIn: 900,
  tokensOut: 80,
  durationMs: 1000,
} as const;

const WORDS =
  'account balance card transfer refund payment limit statement fee branch verify identity travel notice exchange rate pending charge dispute merchant'.split(
    ' ',
  );

/**
 * Published articles of about 1,500 characters each: with `count` ≥ 16 the tenant prefix passes Haiku 4.5's
 * 4,096-token cache minimum; with none it stays well below every minimum.
 */
export async function seedArticles(db: Db, tenantId: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const sentences = Array.from(
      { length: 24 },
      (_, s) => `Step ${s + 1}: check the ${WORDS[(i + s) % WORDS.length]} and the ${WORDS[(i * 3 + s) % WORDS.length]} before you reply.`,
    );
    await db.knowledgeArticle.create({
      data: { tenantId, title: `Guide ${i + 1}: ${WORDS[i % WORDS.length]}`, slug: `guide-${i + 1}`, bodyMarkdown: sentences.join(' ') },
    });
  }
}

import { ModelProvider, type Prisma } from '@helpdesk/db';

interface PriceCatalogWriter {
  priceCatalog: {
    findFirst(args: { where: Prisma.PriceCatalogWhereInput }): Promise<unknown>;
    create(args: { data: Prisma.PriceCatalogUncheckedCreateInput }): Promise<unknown>;
  };
}

const PLATFORM_EFFECTIVE_FROM = new Date('2025-01-01T00:00:00Z');
const dollars = (d: number) => BigInt(Math.round(d * 1_000_000));

/** Anthropic list prices per million tokens, and a CPU-hour price for the local models. */
export const PLATFORM_PRICES: Omit<Prisma.PriceCatalogUncheckedCreateInput, 'effectiveFrom'>[] = [
  {
    model: 'claude-haiku-4-5',
    provider: ModelProvider.CLOUD,
    inputPerMTokMicros: dollars(1),
    outputPerMTokMicros: dollars(5),
    cacheWritePerMTokMicros: dollars(1.25),
    cacheReadPerMTokMicros: dollars(0.1),
  },
  {
    model: 'claude-sonnet-4-6',
    provider: ModelProvider.CLOUD,
    inputPerMTokMicros: dollars(3),
    outputPerMTokMicros: dollars(15),
    cacheWritePerMTokMicros: dollars(3.75),
    cacheReadPerMTokMicros: dollars(0.3),
  },
  {
    model: 'claude-opus-4-1',
    provider: ModelProvider.CLOUD,
    inputPerMTokMicros: dollars(15),
    outputPerMTokMicros: dollars(75),
    cacheWritePerMTokMicros: dollars(18.75),
    cacheReadPerMTokMicros: dollars(1.5),
  },
  // Local ids are what the AI worker records (packages/ai/src/model-id.ts): the manifest key of a pulled model
  // (models/manifest.json), else the GGUF's general.name; the demo model's is helpdesk-tiny-demo.
  { model: 'qwen2.5-7b-instruct', provider: ModelProvider.LOCAL, computePerHourMicros: dollars(0.05) },
  { model: 'qwen2.5-1.5b-instruct', provider: ModelProvider.LOCAL, computePerHourMicros: dollars(0.05) },
  { model: 'nomic-embed-text-v1.5', provider: ModelProvider.LOCAL, computePerHourMicros: dollars(0.05) },
  { model: 'helpdesk-tiny-demo', provider: ModelProvider.LOCAL, computePerHourMicros: dollars(0.05) },
];

/**
 * Platform price rows (tenantId null). Idempotent: Postgres treats NULL tenant ids as distinct in the unique
 * index, so existing rows are looked up rather than relied on to conflict.
 */
export async function seedPrices(db: PriceCatalogWriter, effectiveFrom = PLATFORM_EFFECTIVE_FROM): Promise<number> {
  let created = 0;
  for (const price of PLATFORM_PRICES) {
    const exists = await db.priceCatalog.findFirst({ where: { tenantId: null, model: price.model, effectiveFrom } });
    if (exists) continue;
    await db.priceCatalog.create({ data: { ...price, tenantId: null, effectiveFrom } });
    created++;
  }
  return created;
}

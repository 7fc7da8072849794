import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { estimateCloudTokens } from '@helpdesk/billing';
import { makeTenant } from '@helpdesk/testkit';
import { PLATFORM_PRICES, seedPrices } from '../../../prisma/seed-prices';
import { complete, catalogModelId, localCatalogId, ModelRuntime } from '@helpdesk/llm';
import { draftSystemPrompt, localDraft } from '../src/draft';
import { ensureTinyModel } from '@helpdesk/models/tiny-model';
import { triageTicket } from '../src/triage';
import { recordLocalUsage } from '../src/usage';
import { useTestDatabase } from '@helpdesk/testkit/hooks';
import { customerTicket, useTinyModel } from './fixtures';

const fx = useTestDatabase({ pool: 4 });
// One sequence: a second job has to wait for the first to finish.
const tiny = useTinyModel(2048);
let tenantId: string;
const seededLocalIds = PLATFORM_PRICES.filter((p) => p.provider === 'LOCAL').map((p) => p.model);

beforeAll(async () => {
  await seedPrices(fx.db);
  tenantId = (await makeTenant(fx.db, 'Ledger AI Tenant')).id;
}, 120_000);

describe('local model ids', () => {
  it('come from the manifest key or the GGUF name, and every one the tiny.runtime records is a seeded catalog id', async () => {
    expect(await localCatalogId(tiny.runtime.options.modelPath)).toBe('helpdesk-tiny-demo');
    expect(catalogModelId('/models/Qwen2.5-7B-Instruct-Q4_K_M.gguf', 'Qwen2.5 7B Instruct')).toBe('qwen2.5-7b-instruct');
    expect(catalogModelId('/x/nomic-embed-text-v1.5.Q4_K_M.gguf')).toBe('nomic-embed-text-v1.5');
    expect(catalogModelId('/x/qwen2.5-1.5b-instruct-q4_k_m.gguf')).toBe('qwen2.5-1.5b-instruct');
    for (const id of ['helpdesk-tiny-demo', 'qwen2.5-7b-instruct', 'qwen2.5-1.5b-instruct', 'nomic-embed-text-v1.5'])
      expect(seededLocalIds).toContain(id);
  });

  it('a real GGUF stored under the manifest file name is recorded and priced under its catalog id', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ai-ids-'));
    const renamed = join(dir, 'Qwen2.5-7B-Instruct-Q4_K_M.gguf');
    await copyFile(await ensureTinyModel(), renamed);
    const qwen = await ModelRuntime.load({ modelPath: renamed, threads: 1, sequences: 1, contextSize: 512, gpu: false });
    try {
      await recordLocalUsage(
        fx.db,
        qwen,
        { tenantId, feature: 'SUMMARY', tokensIn: 10, tokensOut: 2, durationMs: 3_600_000 },
        { id: 'ids-job' },
      );
    } finally {
      await qwen.dispose();
    }
    const row = await fx.db.usageEvent.findFirstOrThrow({ where: { tenantId, jobId: 'ids-job' } });
    expect(row).toMatchObject({ model: 'qwen2.5-7b-instruct', unpriced: false, costMicros: 50_000n });
    expect(row.priceId).not.toBeNull();
  }, 60_000);
});

describe('compute time and wait time', () => {
  it('a job that waited for the only sequence is billed for its compute, not its wait', async () => {
    // $3.60 an hour is one micro-dollar a millisecond: the cost reads as the billed milliseconds.
    await fx.db.priceCatalog.create({
      data: { tenantId, model: 'helpdesk-tiny-demo', provider: 'LOCAL', computePerHourMicros: 3_600_000n, effectiveFrom: new Date(0) },
    });
    const request = (n: number) => ({
      system: 'You answer briefly.',
      prefixKey: `wait-${n}`,
      user: `Question number ${n}: where is my card?`,
      maxTokens: 256,
    });
    // The first call on a fresh context blocks the event loop while it warms up; contention is measured after.
    await complete(tiny.runtime, request(0));
    const runs = await Promise.all([1, 2].map((n) => complete(tiny.runtime, request(n))));
    for (const [i, run] of runs.entries()) {
      await recordLocalUsage(
        fx.db,
        tiny.runtime,
        {
          tenantId,
          feature: 'SUMMARY',
          tokensIn: run.promptTokens,
          tokensOut: run.outputTokens,
          durationMs: run.durationMs,
          waitMs: run.waitMs,
        },
        { id: `wait-job-${i}` },
      );
    }
    const rows = await fx.db.usageEvent.findMany({ where: { tenantId, jobId: { in: ['wait-job-0', 'wait-job-1'] } } });
    const [first, second] = [...rows].sort((a, b) => a.waitMs - b.waitMs);
    // The second job waited about as long as the first one computed.
    expect(second!.waitMs).toBeGreaterThan(first!.computeMs / 2);
    expect(second!.waitMs).toBeGreaterThan(first!.waitMs);
    for (const row of rows) {
      expect(row.computeMs + row.waitMs).toBe(row.durationMs);
      expect(row.costMicros).toBe(BigInt(row.computeMs));
    }
    expect(second!.computeMs).toBeLessThan(second!.durationMs - first!.computeMs / 2);
  }, 60_000);
});

describe('the cloud request a local draft stands for', () => {
  it("is recorded with the draft call and marks it as the ticket's all-cloud draft", async () => {
    const ticket = await customerTicket(fx.db, tenantId, {
      email: 'cf@example.test',
      number: 7,
      subject: 'Card not arrived',
      bodies: ['My new card has not arrived after two weeks.'],
    });
    const ref = { tenantId, ticketId: ticket.id, contentVersion: 1 };
    await localDraft(
      fx.db,
      tiny.runtime,
      ref,
      [{ articleId: 'a1', title: 'Card delivery', excerpt: 'Cards arrive within 7 working days.', score: 0.9 }] as never,
      { id: 'draft-cf' },
    );
    const row = await fx.db.usageEvent.findFirstOrThrow({ where: { tenantId, jobId: 'draft-cf' } });
    expect(row.counterfactualKind).toBe('DRAFT');
    // At least the system prompt, the excerpt and the customer's words, at the cloud estimator's rate.
    const floor = estimateCloudTokens(
      draftSystemPrompt('Ledger AI Tenant'),
      'Cards arrive within 7 working days.',
      'My new card has not arrived after two weeks.',
    );
    expect(row.cloudTokensIn).toBeGreaterThanOrEqual(floor);
    expect(row.cloudTokensOut).not.toBeNull();
  }, 60_000);
});

describe('the cloud request a local triage stands for', () => {
  it("is sized from the tenant's categories and the customer's text, and marks the ticket's all-cloud triage once", async () => {
    await fx.db.category.createMany({
      data: [
        { tenantId, key: 'card_arrival', name: 'Card arrival' },
        { tenantId, key: 'refund', name: 'Refund', description: 'money back' },
      ],
    });
    const body = 'I ordered a card a month ago and it still has not arrived, please help.';
    const ticket = await customerTicket(fx.db, tenantId, {
      email: 'triage-cf@example.test',
      number: 8,
      subject: 'Where is my card',
      bodies: [body],
    });
    await triageTicket(fx.db, tiny.runtime, { tenantId, ticketId: ticket.id, contentVersion: 1 }, { id: 'triage-cf' });
    await triageTicket(fx.db, tiny.runtime, { tenantId, ticketId: ticket.id, contentVersion: 2 }, { id: 'triage-cf-v2' });
    const rows = await fx.db.usageEvent.findMany({
      where: { tenantId, ticketId: ticket.id, feature: 'TRIAGE' },
      orderBy: { occurredAt: 'asc' },
    });
    expect(rows).toHaveLength(2);
    expect(rows.map((r) => r.counterfactualKind)).toEqual(['TRIAGE', null]);
    expect(rows[0]!.cloudTokensIn).toBeGreaterThanOrEqual(
      estimateCloudTokens('Where is my card', body, '- card_arrival: Card arrival', '- refund: Refund (money back)'),
    );
    expect(rows[0]!.cloudTokensOut).toBeGreaterThan(0);
  }, 60_000);
});

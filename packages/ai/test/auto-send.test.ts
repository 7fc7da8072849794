import Anthropic from '@anthropic-ai/sdk';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CircuitBreaker, type CloudOptions } from '@helpdesk/escalation';
import { makeTenant } from '@helpdesk/testkit';
import { startFakeAnthropic, type FakeAnthropic } from '@helpdesk/testkit/fake-anthropic';
import { seedPrices } from '../../escalation/test/fixtures';
import { draftTicket } from '../src/draft';
import { ModelRuntime } from '@helpdesk/llm';
import { ensureTinyModel } from '@helpdesk/models/tiny-model';
import { useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase({ pool: 4 });
let demo: ModelRuntime;
let notDemo: ModelRuntime;
let fake: FakeAnthropic;
let cloud: CloudOptions;

/**
 * The same tiny weights under another GGUF `general.name`: the runtime tells the demo model by that name,
 * so this stands for "a real model" where only the demo check is under test (its text is still noise).
 */
async function nonDemoCopy(): Promise<string> {
  const bytes = await readFile(await ensureTinyModel());
  const at = bytes.indexOf(Buffer.from('helpdesk-tiny-demo'));
  expect(at).toBeGreaterThan(0);
  bytes.write('helpdesk-tiny-test', at);
  const path = join(tmpdir(), `auto-send-${process.pid}.gguf`);
  await writeFile(path, bytes);
  return path;
}

const load = (modelPath: string) => ModelRuntime.load({ modelPath, threads: 1, sequences: 1, contextSize: 4096, gpu: false });

beforeAll(async () => {
  await seedPrices(fx.db);
  demo = await load(await ensureTinyModel());
  notDemo = await load(await nonDemoCopy());
  fake = await startFakeAnthropic({ deltaDelayMs: 0 });
  cloud = {
    client: new Anthropic({ apiKey: 'test', baseURL: fake.url, maxRetries: 0 }),
    breaker: new CircuitBreaker({ failureThreshold: 50, coolDownMs: 60_000 }),
    baseBackoffMs: 5,
    maxRetryAfterMs: 50,
    timeoutMs: 5_000,
  };
}, 120_000);
afterAll(async () => {
  await fake?.close();
  await demo?.dispose();
  await notDemo?.dispose();
});

/** A triaged, retrieved ticket whose policy auto-sends `card_arrival` above 0.9; `policy` adds rules. */
async function triagedTicket(
  categoryKey: string,
  confidence: number,
  policy: { localOnly?: boolean; categories?: string[] } = {},
  triage: { source: 'CLASSIFIER' | 'LOCAL_MODEL'; promptVersion: string } = { source: 'CLASSIFIER', promptVersion: 't' },
) {
  const { id: tenantId } = await makeTenant(fx.db, 'Auto-send Tenant');
  await fx.db.escalationPolicy.create({
    data: {
      tenantId,
      localOnly: policy.localOnly ?? true,
      categories: policy.categories ?? [],
      autoSendCategories: ['card_arrival'],
      autoSendConfidence: 0.9,
    },
  });
  const customer = await fx.db.customer.create({ data: { tenantId, email: 'pat@example.com', name: 'Pat' } });
  const ticket = await fx.db.ticket.create({
    data: {
      tenantId,
      number: 1,
      subject: 'Where is my card?',
      channel: 'EMAIL',
      customerId: customer.id,
      messages: { create: [{ tenantId, kind: 'CUSTOMER', customerId: customer.id, bodyText: 'My card has not arrived yet.' }] },
    },
  });
  const base = { tenantId, ticketId: ticket.id, contentVersion: 1 };
  await fx.db.triageResult.create({
    data: {
      ...base,
      categoryKey,
      priority: 'NORMAL',
      sentiment: 'NEUTRAL',
      language: 'en',
      confidence,
      summary: 'card',
      candidates: [],
      modelId: 't',
      durationMs: 1,
      ...triage,
    },
  });
  await fx.db.retrievalResult.create({ data: { ...base, citations: [], topScore: 0.9, modelId: 't', durationMs: 1 } });
  return base;
}

const replies = (ref: { tenantId: string; ticketId: string }) =>
  fx.db.message.findMany({ where: { tenantId: ref.tenantId, ticketId: ref.ticketId, kind: 'REPLY' } });

/** The draft was held back for an agent, for `reason`: not sent, and no reply written. */
async function expectHeldBack(
  result: { autoSend: boolean; autoSendRefused: string | null },
  ref: { tenantId: string; ticketId: string },
  reason: string,
) {
  expect(result.autoSendRefused).toBe(reason);
  expect(result.autoSend).toBe(false);
  expect(await replies(ref)).toHaveLength(0);
}

describe('auto-send', () => {
  it('sends a confident local draft from a real model in an auto-send category once, even when the job runs again', async () => {
    const ref = await triagedTicket('card_arrival', 0.97);
    const first = await draftTicket(fx.db, notDemo, null, ref, { id: 'draft-job-1' });
    expect(first.autoSendRefused).toBeNull();
    expect(first.autoSend).toBe(true);
    expect(first.draft).toMatchObject({ status: 'APPROVED', source: 'LOCAL', modelId: notDemo.modelId });
    await draftTicket(fx.db, notDemo, null, ref, { id: 'draft-job-1', attemptsMade: 1 });
    const sent = await replies(ref);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.draftId).toBe(first.draft.id);
    expect(sent[0]!.deliveryStatus).toBe('QUEUED');
  }, 120_000);

  it('leaves drafts below the floor or outside the categories for an agent', async () => {
    for (const [category, confidence] of [
      ['card_arrival', 0.5],
      ['exchange_rate', 0.99],
    ] as const) {
      const ref = await triagedTicket(category, confidence);
      const result = await draftTicket(fx.db, notDemo, null, ref, { id: `draft-${category}` });
      expect(result.autoSend).toBe(false);
      expect(result.draft.status).toBe('READY');
      expect(await replies(ref)).toHaveLength(0);
    }
  }, 120_000);

  it('never sends a draft the demo model wrote', async () => {
    expect(demo.demo).toBe(true);
    const ref = await triagedTicket('card_arrival', 0.99);
    const result = await draftTicket(fx.db, demo, null, ref, { id: 'draft-demo' });
    expect(result.draft).toMatchObject({ source: 'LOCAL', status: 'READY', modelId: demo.modelId });
    await expectHeldBack(result, ref, 'the draft was written by the demo model');
  }, 120_000);

  it('never sends an escalated draft, even in an auto-send category above the floor', async () => {
    fake.reset();
    const ref = await triagedTicket('card_arrival', 0.99, { localOnly: false, categories: ['card_arrival'] });
    const result = await draftTicket(fx.db, notDemo, null, ref, { id: 'draft-escalated' }, cloud);
    expect(result.decision).toMatchObject({ escalate: true, reasons: ['category card_arrival'] });
    expect(result.draft).toMatchObject({ source: 'CLOUD', status: 'READY' });
    await expectHeldBack(result, ref, 'the draft was escalated');
  }, 120_000);

  it('never sends a local fallback after the cloud failed', async () => {
    fake.reset();
    fake.script([
      { type: 'error', status: 529 },
      { type: 'error', status: 529 },
      { type: 'error', status: 529 },
    ]);
    const ref = await triagedTicket('card_arrival', 0.99, { localOnly: false, categories: ['card_arrival'] });
    const result = await draftTicket(fx.db, notDemo, null, ref, { id: 'draft-fallback' }, cloud);
    expect(fake.requests()).toHaveLength(3);
    expect(result.draft).toMatchObject({ source: 'LOCAL_FALLBACK', status: 'READY', modelId: notDemo.modelId });
    await expectHeldBack(result, ref, 'the draft is a fallback after a failed cloud call');
  }, 120_000);

  it('never sends when an escalation rule held but local-only blocked the escalation', async () => {
    const ref = await triagedTicket('card_arrival', 0.99, { localOnly: true, categories: ['card_arrival'] });
    const result = await draftTicket(fx.db, notDemo, null, ref, { id: 'draft-blocked' });
    expect(result.decision).toMatchObject({ escalate: false, blockedBy: 'local_only', reasons: ['category card_arrival'] });
    expect(result.autoSendRefused).toBe('escalation rules hold: category card_arrival');
    expect(await replies(ref)).toHaveLength(0);
  }, 120_000);

  it('ignores a confidence the local model wrote about itself (triage-v1 rows): it escalates and never auto-sends', async () => {
    const ref = await triagedTicket('card_arrival', 0.99, { localOnly: true }, { source: 'LOCAL_MODEL', promptVersion: 'triage-v1' });
    const result = await draftTicket(fx.db, notDemo, null, ref, { id: 'draft-self-reported' });
    expect(result.decision).toMatchObject({ blockedBy: 'local_only', reasons: ['confidence 0.00 < 0.60'] });
    expect(result.autoSend).toBe(false);
    expect(await replies(ref)).toHaveLength(0);
    // The same number from the scored choice of triage-v2 is a probability and acts.
    const scored = await triagedTicket('card_arrival', 0.99, { localOnly: true }, { source: 'LOCAL_MODEL', promptVersion: 'triage-v2' });
    const sent = await draftTicket(fx.db, notDemo, null, scored, { id: 'draft-scored' });
    expect(sent.decision).toMatchObject({ reasons: [] });
    expect(sent.draft.status).toBe('APPROVED');
  }, 120_000);
});

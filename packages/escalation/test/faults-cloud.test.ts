import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@helpdesk/db';
import { startFakeAnthropic, type FakeAnthropic, type ScriptedResponse } from '@helpdesk/testkit/fake-anthropic';
import { CircuitBreaker } from '../src/circuit-breaker';
import { routeDraft } from '../src/draft-router';
import { makeTenant, makeTicket, seedPrices, setupDb } from './fixtures';

let fake: FakeAnthropic;
let db: Db;
let drop: () => Promise<void>;
let client: Anthropic;

beforeAll(async () => {
  ({ db, drop } = await setupDb());
  await seedPrices(db);
  fake = await startFakeAnthropic({ deltaDelayMs: 0 });
  client = new Anthropic({ apiKey: 'test', baseURL: fake.url, maxRetries: 0 });
});

afterAll(async () => {
  await fake.close();
  await drop();
});

beforeEach(() => fake.reset());

const localDraft = async () => ({
  body: 'Local draft body',
  modelId: 'local-q4',
  promptVersion: 'local-v1',
  tokensIn: 10,
  tokensOut: 5,
  durationMs: 7,
});

/** Each fault, whether the API billed the failed call (it had started streaming), and the reason the agent sees. */
const FAULTS: { name: string; step: ScriptedResponse; billed: boolean; reason: RegExp }[] = [
  { name: '429', step: { type: 'error', status: 429, retryAfterSeconds: 0 }, billed: false, reason: /^HTTP 429 rate_limit_error$/ },
  { name: '500', step: { type: 'error', status: 500 }, billed: false, reason: /^HTTP 500 api_error$/ },
  { name: '529', step: { type: 'error', status: 529 }, billed: false, reason: /^HTTP 529 overloaded_error$/ },
  { name: 'hang', step: { type: 'slow', delayMs: 8_000 }, billed: false, reason: /^timeout$/ },
  { name: 'dropped stream', step: { type: 'drop', afterDeltas: 5 }, billed: true, reason: /^connection: / },
];

async function escalate(tenantId: string) {
  const { ticket } = await makeTicket(db, tenantId, { confidence: 0.41 });
  const { draft } = await routeDraft({
    db,
    redis: null,
    tenantId,
    ticketId: ticket.id,
    contentVersion: 1,
    jobId: `draft-${ticket.id}-v1`,
    attempt: 1,
    localDraft,
    cloud: {
      client,
      breaker: new CircuitBreaker({ failureThreshold: 10, coolDownMs: 60_000 }),
      baseBackoffMs: 5,
      maxRetryAfterMs: 5_000,
      timeoutMs: 3_000,
    },
  });
  const ledger = await db.usageEvent.findMany({ where: { tenantId, ticketId: ticket.id } });
  const budget = await db.budget.findFirstOrThrow({ where: { tenantId } });
  return { draft, ledger, budget, requests: fake.requests().length };
}

describe('the cloud failing', () => {
  for (const fault of FAULTS) {
    it(`${fault.name} once: retried, the draft is the cloud's, the agent sees it took two attempts, every billed call is in the ledger`, async () => {
      const tenant = await makeTenant(db);
      fake.script([fault.step]);
      const { draft, ledger, budget, requests } = await escalate(tenant.id);
      console.log(
        `[fault] injected: ${fault.name} on the first call; counted: calls ${requests}, ledger rows ${ledger.length}, draft ${draft.source} "${draft.failureReason}", reserved ${budget.reservedMicros}, spent ${budget.spentMicros}`,
      );
      expect(requests).toBe(2);
      expect(draft).toMatchObject({ source: 'CLOUD', status: 'READY', failureReason: 'succeeded after 2 attempts' });
      expect(ledger).toHaveLength(fault.billed ? 2 : 1);
      expect(budget.reservedMicros).toBe(0n);
      expect(budget.spentMicros).toBe(ledger.reduce((s, r) => s + r.costMicros, 0n));
    }, 30_000);

    it(`${fault.name} on every attempt: falls back to the local draft and shows the agent why`, async () => {
      const tenant = await makeTenant(db);
      fake.script([fault.step, fault.step, fault.step]);
      const { draft, ledger, budget, requests } = await escalate(tenant.id);
      console.log(
        `[fault] injected: ${fault.name} on all 3 attempts; counted: calls ${requests}, ledger rows ${ledger.length}, draft ${draft.source} "${draft.failureReason}", reserved ${budget.reservedMicros}, spent ${budget.spentMicros}`,
      );
      expect(requests).toBe(3);
      expect(draft).toMatchObject({ source: 'LOCAL_FALLBACK', status: 'READY', body: 'Local draft body' });
      expect(draft.failureReason).toMatch(fault.reason);
      expect(ledger).toHaveLength(fault.billed ? 3 : 0);
      expect(ledger.every((r) => r.reason?.startsWith('failed: '))).toBe(true);
      expect(budget.reservedMicros).toBe(0n);
      expect(budget.spentMicros).toBe(ledger.reduce((s, r) => s + r.costMicros, 0n));
    }, 30_000);
  }
});

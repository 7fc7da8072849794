import { describe, expect, it } from 'vitest';
import type { ScriptedResponse } from '@helpdesk/testkit/fake-anthropic';
import { CircuitBreaker } from '../src/circuit-breaker';
import { routeDraft } from '../src/draft-router';
import { makeTenant, makeTicket } from './fixtures';
import { draftContext, useDraftWorld } from './world';

const w = useDraftWorld();

/** Each fault, whether the API billed the failed call (it had started streaming), and the reason the agent sees. */
const FAULTS: { name: string; step: ScriptedResponse; billed: boolean; reason: RegExp }[] = [
  { name: '429', step: { type: 'error', status: 429, retryAfterSeconds: 0 }, billed: false, reason: /^HTTP 429 rate_limit_error$/ },
  { name: '500', step: { type: 'error', status: 500 }, billed: false, reason: /^HTTP 500 api_error$/ },
  { name: '529', step: { type: 'error', status: 529 }, billed: false, reason: /^HTTP 529 overloaded_error$/ },
  { name: 'hang', step: { type: 'slow', delayMs: 8_000 }, billed: false, reason: /^timeout$/ },
  { name: 'dropped stream', step: { type: 'drop', afterDeltas: 5 }, billed: true, reason: /^connection: / },
];

async function escalate(tenantId: string) {
  const { ticket } = await makeTicket(w.db, tenantId, { confidence: 0.41 });
  // A hung call times out after 3 s, and one ticket's retries never open the circuit.
  const breaker = new CircuitBreaker({ failureThreshold: 10, coolDownMs: 60_000 });
  const { draft } = await routeDraft(draftContext(w, tenantId, ticket.id, { attempt: 1, cloud: { breaker, timeoutMs: 3_000 } }));
  const ledger = await w.db.usageEvent.findMany({ where: { tenantId, ticketId: ticket.id } });
  const budget = await w.db.budget.findFirstOrThrow({ where: { tenantId } });
  return { draft, ledger, budget, requests: w.fake.requests().length };
}

describe('the cloud failing', () => {
  for (const fault of FAULTS) {
    it(`${fault.name} once: retried, the draft is the cloud's, the agent sees it took two attempts, every billed call is in the ledger`, async () => {
      const tenant = await makeTenant(w.db);
      w.fake.script([fault.step]);
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
      const tenant = await makeTenant(w.db);
      w.fake.script([fault.step, fault.step, fault.step]);
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

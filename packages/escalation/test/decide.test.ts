import { describe, expect, it } from 'vitest';
import { decideEscalation, type EscalationInput, type PolicyRules } from '../src/decide';

const policy: PolicyRules = {
  localOnly: false,
  confidenceThreshold: 0.6,
  escalateOutOfScope: true,
  categories: ['refunds'],
  minPriority: 'HIGH',
  negativeSentiment: true,
  vipTag: 'vip',
  retrievalScoreThreshold: 0.3,
  maxQuestions: 3,
  longMessageChars: 200,
  mediumModel: 'medium-model',
  complexModel: 'complex-model',
};

function input(over: Partial<EscalationInput> = {}): EscalationInput {
  return {
    policy,
    triage: { confidence: 0.9, outOfScope: false, categoryKey: 'shipping', priority: 'NORMAL', sentiment: 'NEUTRAL' },
    ticketPriority: 'NORMAL',
    retrievalTopScore: 0.8,
    customerTags: [],
    messageText: 'Where is my parcel?',
    budgetRemainingMicros: 1_000_000n,
    ...over,
  };
}

describe('decideEscalation', () => {
  it('keeps a confident, ordinary ticket local', () => {
    expect(decideEscalation(input())).toEqual({ escalate: false, tier: null, model: null, reasons: [], blockedBy: null });
  });

  it('escalates low confidence to the medium tier with a readable reason', () => {
    const v = decideEscalation(input({ triage: { ...input().triage!, confidence: 0.41 } }));
    expect(v).toMatchObject({ escalate: true, tier: 'medium', model: 'medium-model', reasons: ['confidence 0.41 < 0.60'] });
  });

  it('names every rule that holds, and two or more reasons choose the complex tier', () => {
    const v = decideEscalation(
      input({
        triage: { confidence: 0.9, outOfScope: true, categoryKey: 'refunds', priority: 'HIGH', sentiment: 'VERY_NEGATIVE' },
        customerTags: ['vip'],
        retrievalTopScore: 0.1,
        messageText: `${'x'.repeat(250)}? a? b?`,
      }),
    );
    expect(v.tier).toBe('complex');
    expect(v.model).toBe('complex-model');
    expect(v.reasons).toEqual([
      'out of scope',
      'category refunds',
      'very negative sentiment',
      'priority HIGH ≥ HIGH',
      'VIP customer (vip)',
      'retrieval score 0.10 < 0.30',
      '3 questions ≥ 3',
      'message 257 chars > 200',
    ]);
  });

  it('uses the complex tier for an urgent ticket even with one reason', () => {
    expect(
      decideEscalation(input({ ticketPriority: 'URGENT', policy: { ...policy, minPriority: null }, customerTags: ['vip'] })).tier,
    ).toBe('complex');
  });

  it('never escalates when local-only or the budget is spent, but keeps the reasons', () => {
    const low = { triage: { ...input().triage!, confidence: 0.2 } };
    expect(decideEscalation(input({ ...low, policy: { ...policy, localOnly: true } }))).toMatchObject({
      escalate: false,
      blockedBy: 'local_only',
      reasons: ['confidence 0.20 < 0.60'],
    });
    expect(decideEscalation(input({ ...low, budgetRemainingMicros: 0n }))).toMatchObject({ escalate: false, blockedBy: 'budget' });
  });

  it('applies only rules that need no triage when triage has not run', () => {
    expect(decideEscalation(input({ triage: null })).escalate).toBe(false);
    expect(decideEscalation(input({ triage: null, customerTags: ['vip'] })).reasons).toEqual(['VIP customer (vip)']);
  });
});

import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../src/circuit-breaker';
import { autoSendEligible } from '../src/policy';

describe('CircuitBreaker', () => {
  it('opens after N consecutive failures, lets one trial through after the cool-down, and closes on success', () => {
    let now = 0;
    const b = new CircuitBreaker({ failureThreshold: 3, coolDownMs: 1_000, now: () => now });
    b.recordFailure();
    b.recordSuccess();
    b.recordFailure();
    b.recordFailure();
    expect(b.state).toBe('closed');
    b.recordFailure();
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBe(false);
    now = 1_000;
    expect(b.state).toBe('half-open');
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false);
    b.recordFailure();
    expect(b.state).toBe('open');
    now = 2_500;
    expect(b.tryAcquire()).toBe(true);
    b.recordSuccess();
    expect(b.state).toBe('closed');
    expect(b.tryAcquire()).toBe(true);
  });
});

describe('autoSendEligible', () => {
  const policy = { autoSendCategories: ['shipping'], autoSendConfidence: 0.95 };
  it('is off unless the category is chosen and confidence reaches the floor', () => {
    const inScope = { outOfScope: false };
    expect(
      autoSendEligible({ autoSendCategories: [], autoSendConfidence: 0.95 }, { categoryKey: 'shipping', confidence: 0.99, ...inScope }),
    ).toBe(false);
    expect(autoSendEligible(policy, { categoryKey: 'shipping', confidence: 0.94, ...inScope })).toBe(false);
    expect(autoSendEligible(policy, { categoryKey: 'refunds', confidence: 0.99, ...inScope })).toBe(false);
    expect(autoSendEligible(policy, null)).toBe(false);
    expect(autoSendEligible(policy, { categoryKey: 'shipping', confidence: 0.95, ...inScope })).toBe(true);
  });

  it('never qualifies an out-of-scope ticket, whatever its confidence', () => {
    expect(autoSendEligible(policy, { categoryKey: 'shipping', confidence: 1, outOfScope: true })).toBe(false);
  });
});

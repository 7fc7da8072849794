import { describe, expect, it } from 'vitest';
import { CACHE_MINIMUM_TOKENS, cacheMinimumTokens, UNKNOWN_MODEL_CACHE_MINIMUM } from '../src/cache-minimums';
import { buildDraftPrompt, SYSTEM_RULES, tenantPrefix, type TenantProfile } from '../src/prompt';
import { REPLY_GUIDE } from '../src/reply-guide';
import { countTokens } from '../src/tokens';

function profile(articles: number): TenantProfile {
  return {
    name: 'Acme Support',
    timezone: 'Europe/London',
    autoCloseDays: 4,
    slas: [{ priority: 'URGENT', firstResponseMinutes: 60, resolutionMinutes: 480 }],
    categories: [{ key: 'billing', name: 'Billing', description: 'charges and refunds' }],
    macros: [{ name: 'Refund issued', body: 'We have issued your refund; it arrives within 5 working days.' }],
    articles: Array.from({ length: articles }, (_, i) => ({ title: `Article ${i}`, body: `Answer number ${i}. `.repeat(80) })),
  };
}

describe('cache minimums', () => {
  it('reads dated snapshots as their model and gives unknown models the largest minimum', () => {
    expect(cacheMinimumTokens('claude-haiku-4-5-20251001')).toBe(4096);
    expect(cacheMinimumTokens('claude-sonnet-4-5-20250929')).toBe(1024);
    expect(cacheMinimumTokens('claude-sonnet-4-6')).toBe(2048);
    expect(cacheMinimumTokens('claude-opus-4-7')).toBe(UNKNOWN_MODEL_CACHE_MINIMUM);
    expect(UNKNOWN_MODEL_CACHE_MINIMUM).toBe(Math.max(...Object.values(CACHE_MINIMUM_TOKENS)));
  });
});

describe('tenant prefix', () => {
  it('adds article digests until it passes the minimum with a margin, then stops', () => {
    const tenant = profile(60);
    for (const min of [1024, 2048, 4096]) {
      const tokens = countTokens(tenantPrefix(tenant, min));
      expect(tokens).toBeGreaterThanOrEqual(min * 1.15);
      // One digest entry (capped at 1,200 characters) is the most it overshoots by.
      expect(tokens).toBeLessThan(min * 1.15 + 320);
    }
    expect(tenantPrefix(tenant, 1024)).not.toContain('Article 59');
  });

  it('is byte-identical for the same tenant data, and holds rules, policy, taxonomy and macros first', () => {
    const a = tenantPrefix(profile(30), 4096);
    expect(tenantPrefix(profile(30), 4096)).toBe(a);
    expect(a.startsWith(SYSTEM_RULES)).toBe(true);
    for (const part of [
      'Acme Support',
      'Europe/London',
      'URGENT priority: first response within 1 h',
      '- billing: Billing (charges and refunds)',
      '### Refund issued',
    ])
      expect(a).toContain(part);
    expect(a.indexOf('### Refund issued')).toBeLessThan(a.indexOf('## Article 0'));
  });

  it('fills a tenant with little content from the reply guide, only as far as the minimum needs', () => {
    const small = tenantPrefix(profile(0), 1024);
    expect(countTokens(small)).toBeGreaterThanOrEqual(1024 * 1.15);
    expect(small).toContain(REPLY_GUIDE[0]);
    expect(small).not.toContain(REPLY_GUIDE.at(-1));
    expect(tenantPrefix(profile(60), 4096)).not.toContain('Reply guide:');
    // The whole guide cannot stand in for content without limit: past it the prefix stays short and uncached.
    expect(countTokens(tenantPrefix(profile(0), 8192))).toBeLessThan(8192);
  });

  it("puts the ticket's excerpts after the only cache breakpoint", () => {
    const { system } = buildDraftPrompt({
      tenant: profile(30),
      cacheMinimumTokens: 2048,
      knowledge: [{ title: 'Cards', text: 'Cards arrive in 5 days.' }],
      subject: 'Card',
      thread: [{ from: 'customer', text: 'Where is my card?' }],
    });
    expect(system.map((b) => Boolean(b.cache_control))).toEqual([true, false]);
    expect(system[1]!.text).toContain('Cards arrive in 5 days.');
    expect(system[0]!.text).not.toContain('Cards arrive in 5 days.');
  });
});

import { describe, expect, it } from 'vitest';
import { ibanValid, luhnValid, redact, restore, restoreStablePrefix } from '../src/redaction';

describe('redaction', () => {
  const text = [
    'Hi, my name is Jane Doe and my email is jane.doe@example.com.',
    'Call me on +44 20 7946 0958. My card 4111 1111 1111 1111 was charged twice.',
    'Refund to IBAN GB82 WEST 1234 5698 7654 32 please. I live at 221 Baker Street, London.',
    'Order 12345 and card-like 4111 1111 1111 1112 are not PII.',
    'Thanks,',
    'Jane Doe',
  ].join('\n');

  it('replaces emails, phones, Luhn-valid cards, mod-97-valid IBANs, names and street addresses', () => {
    const r = redact(text, { knownNames: ['Jane Doe'] });
    for (const secret of ['jane.doe@example.com', '7946 0958', '4111 1111 1111 1111', 'GB82 WEST', 'Baker Street', 'Jane', 'Doe']) {
      expect(r.text).not.toContain(secret);
    }
    expect(r.text).toContain('Order 12345');
    expect(r.text).toContain('4111 1111 1111 1112');
    expect(r.summary).toMatchObject({ EMAIL: 1, PHONE: 1, CARD: 1, IBAN: 1, ADDRESS: 1 });
    expect(r.summary.NAME).toBeGreaterThanOrEqual(1);
    expect(restore(r.text, r.map)).toBe(text);
  });

  it('detects names from self-introductions and signature lines without a known name', () => {
    const r = redact('This is Maria Lopez from accounts.\nI am very upset.\n\nBest regards,\nTom Baker');
    expect(r.text).not.toMatch(/Maria|Lopez|Tom Baker/);
    expect(r.text).toContain('I am very upset');
    expect(r.summary.NAME).toBe(2);
  });

  it('checks card and IBAN checksums', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('GB83 WEST 1234 5698 7654 32')).toBe(false);
  });

  it('holds back a placeholder split across stream deltas until it is complete', () => {
    const map = { '[EMAIL_1]': 'a@b.co' };
    expect(restoreStablePrefix('Write to [EMA', map)).toBe('Write to ');
    expect(restoreStablePrefix('Write to [EMAIL_1] now', map)).toBe('Write to a@b.co now');
  });
});

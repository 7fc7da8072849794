import { describe, expect, it } from 'vitest';
import { ValidationError } from '@helpdesk/db';
import { parseDayRange } from '@helpdesk/billing';

function refusal(from: string | null, to: string | null): ValidationError {
  try {
    parseDayRange(from, to, new Date('2026-11-20T12:00:00Z'));
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('the range was accepted');
}

describe('parseDayRange', () => {
  it('names both fields when both dates are wrong, each with its own problem', () => {
    const e = refusal('2026-13-01', 'yesterday');
    expect(e.fields).toEqual({ to: 'must be a date like 2026-11-01', from: 'is not a real date' });
    expect(e.status).toBe(400);
  });

  it('names only the wrong one when one is right', () => {
    expect(refusal('2026-11-01', '2026-02-30').fields).toEqual({ to: 'is not a real date' });
    expect(refusal('nope', '2026-11-10').fields).toEqual({ from: 'must be a date like 2026-11-01' });
  });

  it('still refuses a range that runs backwards, on from', () => {
    expect(refusal('2026-11-10', '2026-11-01').fields).toEqual({ from: 'must not be after to' });
  });
});

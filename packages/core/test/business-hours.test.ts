import { describe, expect, it } from 'vitest';
import { addBusinessMinutes } from '../src/business-hours';

const weekdays = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };
const everyDay = { days: [0, 1, 2, 3, 4, 5, 6], start: '09:00', end: '17:00' };
const add = (from: string, minutes: number, hours: typeof weekdays, zone: string) =>
  addBusinessMinutes(new Date(from), minutes, hours, zone).toISOString();

describe('business hours across DST changes', () => {
  it('US fall back: the next opening is 09:00 local, not 08:00', () => {
    // 2026-11-01T04:30Z is Sunday 00:30 EDT; clocks go back at 02:00, so that day opens at 09:00 EST = 14:00Z.
    expect(add('2026-11-01T04:30:00Z', 30, everyDay, 'America/New_York')).toBe('2026-11-01T14:30:00.000Z');
    // With weekdays only, the next opening is Monday 09:00 EST.
    expect(add('2026-11-01T04:30:00Z', 30, weekdays, 'America/New_York')).toBe('2026-11-02T14:30:00.000Z');
    // Friday 16:30 EDT + 60 working minutes: 30 on Friday, 30 on Monday after the change.
    expect(add('2026-10-30T20:30:00Z', 60, weekdays, 'America/New_York')).toBe('2026-11-02T14:30:00.000Z');
  });

  it('US spring forward: the window on the 23-hour day opens at 09:00 EDT', () => {
    expect(add('2026-03-08T05:00:00Z', 30, everyDay, 'America/New_York')).toBe('2026-03-08T13:30:00.000Z');
    // Saturday 17:00 EST: the next weekday opening is Monday 09:00 EDT = 13:00Z.
    expect(add('2026-03-07T22:00:00Z', 30, weekdays, 'America/New_York')).toBe('2026-03-09T13:30:00.000Z');
  });

  it('EU fall back and spring forward (Berlin)', () => {
    // Friday 16:30 CEST + 60: Monday 26 October 09:30 CET = 08:30Z.
    expect(add('2026-10-23T14:30:00Z', 60, weekdays, 'Europe/Berlin')).toBe('2026-10-26T08:30:00.000Z');
    // Friday 16:30 CET + 60: Monday 30 March 09:30 CEST = 07:30Z.
    expect(add('2026-03-27T15:30:00Z', 60, weekdays, 'Europe/Berlin')).toBe('2026-03-30T07:30:00.000Z');
  });

  it('counts the real length of a window that spans the change', () => {
    // 01:00–04:00 on 29 March in Berlin is two real hours (02:00 does not exist): 150 minutes spill into Monday.
    const night = { days: [0, 1], start: '01:00', end: '04:00' };
    expect(add('2026-03-29T00:00:00Z', 150, night, 'Europe/Berlin')).toBe('2026-03-29T23:30:00.000Z');
    // 01:00–04:00 on 25 October is four real hours (02:00–03:00 happens twice).
    const autumn = { days: [0], start: '01:00', end: '04:00' };
    expect(add('2026-10-24T23:00:00Z', 230, autumn, 'Europe/Berlin')).toBe('2026-10-25T02:50:00.000Z');
  });

  it('keeps the plain cases: UTC weekend skip and a New York Saturday night', () => {
    expect(add('2026-11-27T16:00:00Z', 120, weekdays, 'UTC')).toBe('2026-11-30T10:00:00.000Z');
    expect(add('2026-11-29T01:00:00Z', 30, weekdays, 'America/New_York')).toBe('2026-11-30T14:30:00.000Z');
  });
});

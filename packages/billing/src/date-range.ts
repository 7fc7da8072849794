import { ValidationError } from '@helpdesk/db';
import { DAY_MS_UTC, startOfUtcDay } from './rollups';

/** A report's span: whole UTC days, `from` inclusive, `to` exclusive. */
export interface DateRange {
  from: Date;
  to: Date;
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 3 * 366;

function parseDay(field: string, value: string): Date {
  if (!DAY_RE.test(value)) throw new ValidationError(field, 'must be a date like 2026-11-01');
  const d = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) throw new ValidationError(field, 'is not a real date');
  return d;
}

export function formatDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * Parses the inclusive dates a person picks (from, to as YYYY-MM-DD) into a half-open UTC range. Missing
 * values default to the last 30 days ending today.
 */
export function parseDayRange(fromText?: string | null, toText?: string | null, now = new Date()): DateRange {
  const today = startOfUtcDay(now);
  // Both days are read before either is refused, so that a form with two bad dates names both.
  const problems: Record<string, string> = {};
  const read = (field: 'from' | 'to', text: string) => {
    try {
      return parseDay(field, text);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      problems[field] = e.userMessage;
      return null;
    }
  };
  const toDay = toText ? read('to', toText) : today;
  const fromDay = fromText ? read('from', fromText) : null;
  const [first] = Object.keys(problems);
  if (first) throw new ValidationError(first, problems[first]!, problems);
  const lastDay = toDay!;
  const from = fromDay ?? new Date(lastDay.getTime() - 29 * DAY_MS_UTC);
  if (from > lastDay) throw new ValidationError('from', 'must not be after to');
  const to = new Date(lastDay.getTime() + DAY_MS_UTC);
  if ((to.getTime() - from.getTime()) / DAY_MS_UTC > MAX_DAYS) throw new ValidationError('from', `range must be at most ${MAX_DAYS} days`);
  return { from, to };
}

/** The calendar month "YYYY-MM" as a UTC range. */
export function parseMonth(month: string): DateRange {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const year = Number(m?.[1]);
  const mon = Number(m?.[2]);
  if (!m || mon < 1 || mon > 12) throw new ValidationError('month', 'must look like 2026-11');
  return { from: new Date(Date.UTC(year, mon - 1, 1)), to: new Date(Date.UTC(year, mon, 1)) };
}

export function lastInclusiveDay(range: DateRange): string {
  return formatDay(new Date(range.to.getTime() - DAY_MS_UTC));
}

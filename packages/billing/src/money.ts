import { ValidationError } from '@helpdesk/db';

const DOLLARS_RE = /^\$?\s*(\d{1,9})(?:\.(\d{1,6}))?$/;

/** Exact dollars-to-micros for typed amounts ("1.25", "$0.10"): no floating point, at most six decimals. */
export function parseDollars(field: string, text: string): bigint {
  const m = DOLLARS_RE.exec(text.trim());
  if (!m) throw new ValidationError(field, 'must be an amount in dollars like 1.25 (up to 6 decimals)');
  return BigInt(m[1]!) * 1_000_000n + BigInt((m[2] ?? '').padEnd(6, '0'));
}

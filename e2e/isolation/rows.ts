import { createHash } from 'node:crypto';
import type pg from 'pg';

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** A value written into the statement as SQL (now(), an interval) rather than sent as a parameter. */
export class Sql {
  constructor(readonly text: string) {}
}
export const NOW = new Sql('now()');

/** Inserts one row, its columns named by the keys: Sql values are written as they are, the others sent as parameters. */
export async function insert(c: pg.Client, table: string, row: Record<string, unknown>): Promise<void> {
  const values: unknown[] = [];
  const slots = Object.values(row).map((v) => (v instanceof Sql ? v.text : `$${values.push(v)}`));
  const columns = Object.keys(row).map((k) => `"${k}"`);
  await c.query(`INSERT INTO "${table}" (${columns.join(', ')}) VALUES (${slots.join(', ')})`, values);
}

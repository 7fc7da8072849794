import { Prisma, Priority, ValidationError } from '@helpdesk/db';
import type { TicketSort } from './ticket-filters';

/** The sort key of the last row of a page; the next page starts strictly after it. */
export interface SortKey {
  id: string;
  updatedAt: Date;
  createdAt: Date;
  priority: Priority;
}

/** A sort's key column and direction: `priority_asc` → ['priority', 'asc']. */
export function sortParts(sort: TicketSort): ['updated' | 'created' | 'priority', 'asc' | 'desc'] {
  const [key, direction] = sort.split('_') as ['updated' | 'created' | 'priority', 'asc' | 'desc'];
  return [key, direction];
}

export function encodeCursor(sort: TicketSort, row: SortKey): string {
  const [key] = sortParts(sort);
  const values =
    key === 'priority'
      ? [row.priority, row.updatedAt.toISOString(), row.id]
      : [(key === 'created' ? row.createdAt : row.updatedAt).toISOString(), row.id];
  return Buffer.from(JSON.stringify([sort, ...values])).toString('base64url');
}

function decode(cursor: string): unknown[] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed)) return parsed;
  } catch {
    // Falls through to the validation error below.
  }
  throw new ValidationError('cursor', 'is not a cursor this list returned');
}

/** Dates Postgres can compare against (JS dates reach years Postgres refuses, a 500 instead of a 400). */
export function cursorDate(value: unknown): Date | null {
  const d = new Date(String(value));
  const year = d.getUTCFullYear();
  return Number.isNaN(d.getTime()) || year < 1970 || year > 9999 ? null : d;
}

/** Row ids are cuids: anything else (a NUL, a megabyte) is not one of our cursors. */
export function cursorId(value: unknown): string | null {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : null;
}

function dateAt(values: unknown[], i: number): Date {
  const d = cursorDate(values[i]);
  if (!d) throw new ValidationError('cursor', 'is not a cursor this list returned');
  return d;
}

function idAt(values: unknown[], i: number): string {
  const v = cursorId(values[i]);
  if (!v) throw new ValidationError('cursor', 'is not a cursor this list returned');
  return v;
}

/**
 * "Strictly after the cursor" in the sort's order, as a row comparison the (tenant, key…, id) indexes can seek
 * (an ascending sort reads the same descending index backwards).
 */
export function cursorConditionSql(sort: TicketSort, cursor: string): Prisma.Sql {
  const values = decode(cursor);
  if (values[0] !== sort) throw new ValidationError('cursor', 'belongs to a different sort order');
  const [key, direction] = sortParts(sort);
  const after = Prisma.raw(direction === 'asc' ? '>' : '<');
  if (key === 'priority') {
    const priority = values[1];
    if (typeof priority !== 'string' || !(priority in Priority)) throw new ValidationError('cursor', 'is not a cursor this list returned');
    return Prisma.sql`(t.priority, t."updatedAt", t.id) ${after} (${priority}::"Priority", ${dateAt(values, 2)}, ${idAt(values, 3)})`;
  }
  const column = key === 'created' ? Prisma.sql`t."createdAt"` : Prisma.sql`t."updatedAt"`;
  return Prisma.sql`(${column}, t.id) ${after} (${dateAt(values, 1)}, ${idAt(values, 2)})`;
}

export function orderBySql(sort: TicketSort): Prisma.Sql {
  const [key, direction] = sortParts(sort);
  const dir = direction === 'asc' ? 'ASC' : 'DESC';
  if (key === 'priority') return Prisma.raw(`t.priority ${dir}, t."updatedAt" ${dir}, t.id ${dir}`);
  if (key === 'created') return Prisma.raw(`t."createdAt" ${dir}, t.id ${dir}`);
  return Prisma.raw(`t."updatedAt" ${dir}, t.id ${dir}`);
}

import { Prisma, Priority, ValidationError } from '@helpdesk/db';
import type { TicketSort } from './ticket-filters';

/** The sort key of the last row of a page; the next page starts strictly after it. */
export interface SortKey {
  id: string;
  updatedAt: Date;
  createdAt: Date;
  priority: Priority;
}

export function encodeCursor(sort: TicketSort, row: SortKey): string {
  const values =
    sort === 'priority_desc'
      ? [row.priority, row.updatedAt.toISOString(), row.id]
      : [(sort === 'created_desc' ? row.createdAt : row.updatedAt).toISOString(), row.id];
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

/** "Strictly after the cursor" in the sort's order, as a row comparison the (tenant, key…, id) indexes can seek. */
export function cursorConditionSql(sort: TicketSort, cursor: string): Prisma.Sql {
  const values = decode(cursor);
  if (values[0] !== sort) throw new ValidationError('cursor', 'belongs to a different sort order');
  if (sort === 'priority_desc') {
    const priority = values[1];
    if (typeof priority !== 'string' || !(priority in Priority)) throw new ValidationError('cursor', 'is not a cursor this list returned');
    return Prisma.sql`(t.priority, t."updatedAt", t.id) < (${priority}::"Priority", ${dateAt(values, 2)}, ${idAt(values, 3)})`;
  }
  const column = sort === 'created_desc' ? Prisma.sql`t."createdAt"` : Prisma.sql`t."updatedAt"`;
  return Prisma.sql`(${column}, t.id) < (${dateAt(values, 1)}, ${idAt(values, 2)})`;
}

export function orderBySql(sort: TicketSort): Prisma.Sql {
  if (sort === 'priority_desc') return Prisma.sql`t.priority DESC, t."updatedAt" DESC, t.id DESC`;
  if (sort === 'created_desc') return Prisma.sql`t."createdAt" DESC, t.id DESC`;
  return Prisma.sql`t."updatedAt" DESC, t.id DESC`;
}

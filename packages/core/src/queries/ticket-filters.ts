import { z } from 'zod';
import { Prisma, Priority, TicketStatus, parseInput } from '@helpdesk/db';
import { slaAtRiskSql, slaBreachedSql } from '../sla-state';

const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? undefined : Array.isArray(v) ? v : String(v).split(',')), z.array(item).optional());

/** Filters shared by lists, saved views and search; also the shape stored in SavedView.filters. */
export const ticketFiltersSchema = z.object({
  status: oneOrMany(z.enum(TicketStatus)),
  assigneeId: z.union([z.literal('me'), z.literal('unassigned'), z.string().min(1).max(64)]).optional(),
  groupId: z.string().min(1).max(64).optional(),
  tag: z.string().min(1).max(100).optional(),
  priority: oneOrMany(z.enum(Priority)),
  categoryId: z.string().min(1).max(64).optional(),
  customerId: z.string().min(1).max(64).optional(),
  slaState: z.enum(['breached', 'at_risk']).optional(),
});

export type TicketFilters = z.infer<typeof ticketFiltersSchema>;

export const TICKET_SORTS = ['updated_desc', 'updated_asc', 'created_desc', 'created_asc', 'priority_desc', 'priority_asc'] as const;
export const ticketSortSchema = z.enum(TICKET_SORTS).default('updated_desc');
export type TicketSort = (typeof TICKET_SORTS)[number];

/** Parses filters from untrusted input (query string or a stored view); bad values become a ValidationError upstream. */
export function parseTicketFilters(input: unknown): TicketFilters {
  return parseInput(ticketFiltersSchema, input ?? {});
}

/**
 * The WHERE clause (over alias `t` = "Ticket") for a tenant and filters. The tenant is always the first
 * condition so every plan starts from a tenant-leading index.
 */
export function ticketWhereSql(tenantId: string, filters: TicketFilters, viewerId: string | null, now: Date): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`t."tenantId" = ${tenantId}`];
  if (filters.status?.length) {
    parts.push(Prisma.sql`t.status IN (${Prisma.join(filters.status.map((s) => Prisma.sql`${s}::"TicketStatus"`))})`);
  }
  if (filters.priority?.length) {
    parts.push(Prisma.sql`t.priority IN (${Prisma.join(filters.priority.map((p) => Prisma.sql`${p}::"Priority"`))})`);
  }
  if (filters.assigneeId === 'unassigned') parts.push(Prisma.sql`t."assigneeId" IS NULL`);
  else if (filters.assigneeId === 'me') parts.push(viewerId ? Prisma.sql`t."assigneeId" = ${viewerId}` : Prisma.sql`FALSE`);
  else if (filters.assigneeId) parts.push(Prisma.sql`t."assigneeId" = ${filters.assigneeId}`);
  if (filters.groupId) parts.push(Prisma.sql`t."groupId" = ${filters.groupId}`);
  if (filters.categoryId) parts.push(Prisma.sql`t."categoryId" = ${filters.categoryId}`);
  if (filters.customerId) parts.push(Prisma.sql`t."customerId" = ${filters.customerId}`);
  if (filters.tag) {
    // The tag id is resolved once (an init plan) so each candidate ticket costs one primary-key probe.
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM "TicketTag" tt WHERE tt."ticketId" = t.id AND tt."tenantId" = ${tenantId}
      AND tt."tagId" = (SELECT g.id FROM "Tag" g WHERE g."tenantId" = ${tenantId} AND g.name = ${filters.tag}))`);
  }
  if (filters.slaState === 'breached') parts.push(slaBreachedSql(now));
  if (filters.slaState === 'at_risk') parts.push(slaAtRiskSql(now));
  return Prisma.join(parts, ' AND ');
}

import { z } from 'zod';
import { Prisma, NotFoundError, ForbiddenError, parseInput, type Db, type Role } from '@helpdesk/db';
import { ticketFiltersSchema, ticketSortSchema, ticketWhereSql, type TicketFilters, type TicketSort } from './ticket-filters';
import { OPEN_STATUSES } from '../sla-state';

/** Counts stop here: an exact count of a million open tickets costs more than the number is worth. */
export const VIEW_COUNT_CAP = 10_000;

export interface ViewDefinition {
  id: string;
  name: string;
  filters: TicketFilters;
  sort: TicketSort;
  /** 'default': built in; 'shared': the whole tenant; 'personal': the viewer's own. */
  scope: 'default' | 'shared' | 'personal';
}

export interface ViewWithCount extends ViewDefinition {
  count: number;
  capped: boolean;
}

const WORKING = ['NEW', 'OPEN', 'ON_HOLD'] as const;

export const DEFAULT_VIEWS: readonly ViewDefinition[] = [
  { id: 'my-open', name: 'My open', filters: { assigneeId: 'me', status: [...WORKING] }, sort: 'updated_desc', scope: 'default' },
  {
    id: 'unassigned',
    name: 'Unassigned',
    filters: { assigneeId: 'unassigned', status: [...OPEN_STATUSES] },
    sort: 'updated_desc',
    scope: 'default',
  },
  { id: 'all-open', name: 'All open', filters: { status: [...WORKING] }, sort: 'updated_desc', scope: 'default' },
  { id: 'sla-at-risk', name: 'SLA at risk', filters: { slaState: 'at_risk' }, sort: 'updated_desc', scope: 'default' },
  {
    id: 'sla-breached',
    name: 'SLA breached',
    filters: { slaState: 'breached', status: [...OPEN_STATUSES] },
    sort: 'updated_desc',
    scope: 'default',
  },
  { id: 'pending', name: 'Pending', filters: { status: ['PENDING'] }, sort: 'updated_desc', scope: 'default' },
  { id: 'solved', name: 'Solved', filters: { status: ['SOLVED'] }, sort: 'updated_desc', scope: 'default' },
  // Closed tickets included: where search looks by default, so an old ticket is found by its number.
  { id: 'all', name: 'All tickets', filters: {}, sort: 'updated_desc', scope: 'default' },
];

function fromRow(row: { id: string; name: string; filters: unknown; sort: string; userId: string | null }): ViewDefinition {
  const filters = ticketFiltersSchema.safeParse(row.filters);
  const sort = ticketSortSchema.safeParse(row.sort);
  return {
    id: row.id,
    name: row.name,
    // A view saved by an older version with filters we no longer understand shows everything rather than failing the inbox.
    filters: filters.success ? filters.data : {},
    sort: sort.success ? sort.data : 'updated_desc',
    scope: row.userId ? 'personal' : 'shared',
  };
}

/** The built-in views, then shared views, then the viewer's own, in their saved order. */
export async function listViews(db: Db, tenantId: string, viewerId: string): Promise<ViewDefinition[]> {
  const rows = await db.savedView.findMany({
    where: { tenantId, OR: [{ userId: null }, { userId: viewerId }] },
    orderBy: [{ position: 'asc' }, { createdAt: 'asc' }],
  });
  const shared = rows.filter((r) => !r.userId).map(fromRow);
  const personal = rows.filter((r) => r.userId).map(fromRow);
  return [...DEFAULT_VIEWS, ...shared, ...personal];
}

export async function getView(db: Db, tenantId: string, viewerId: string, viewId: string): Promise<ViewDefinition> {
  const builtIn = DEFAULT_VIEWS.find((v) => v.id === viewId);
  if (builtIn) return builtIn;
  const row = await db.savedView.findFirst({ where: { id: viewId, tenantId, OR: [{ userId: null }, { userId: viewerId }] } });
  if (!row) throw new NotFoundError('View');
  return fromRow(row);
}

export async function countTickets(
  db: Db,
  tenantId: string,
  filters: TicketFilters,
  viewerId: string | null,
  now = new Date(),
): Promise<{ count: number; capped: boolean }> {
  const where = ticketWhereSql(tenantId, filters, viewerId, now);
  const [row] = await db.$queryRaw<{ n: bigint }[]>(
    Prisma.sql`SELECT count(*) AS n FROM (SELECT 1 FROM "Ticket" t WHERE ${where} LIMIT ${VIEW_COUNT_CAP + 1}) capped`,
  );
  const n = Number(row?.n ?? 0);
  return { count: Math.min(n, VIEW_COUNT_CAP), capped: n > VIEW_COUNT_CAP };
}

/** Every view the viewer sees, with its ticket count (capped at VIEW_COUNT_CAP). */
export async function countViews(db: Db, tenantId: string, viewerId: string, now = new Date()): Promise<ViewWithCount[]> {
  const views = await listViews(db, tenantId, viewerId);
  const counts = await Promise.all(views.map((v) => countTickets(db, tenantId, v.filters, viewerId, now)));
  return views.map((v, i) => ({ ...v, ...(counts[i] ?? { count: 0, capped: false }) }));
}

export const saveViewSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(60, 'is at most 60 characters'),
  filters: ticketFiltersSchema,
  sort: ticketSortSchema,
  shared: z.boolean().default(false),
});

/** Personal views are anyone's; a view shared with the whole tenant needs an admin. */
export async function saveView(
  db: Db,
  tenantId: string,
  viewer: { userId: string; role: Role },
  input: z.input<typeof saveViewSchema>,
): Promise<ViewDefinition> {
  const { name, filters, sort, shared } = parseInput(saveViewSchema, input);
  if (shared && viewer.role !== 'OWNER' && viewer.role !== 'ADMIN') throw new ForbiddenError('Only admins can share a view with the team');
  const position = await db.savedView.count({ where: { tenantId, userId: shared ? null : viewer.userId } });
  const row = await db.savedView.create({
    data: { tenantId, userId: shared ? null : viewer.userId, name, filters: filters as Prisma.InputJsonValue, sort, position },
  });
  return fromRow(row);
}

export async function deleteView(db: Db, tenantId: string, viewer: { userId: string; role: Role }, viewId: string): Promise<void> {
  const row = await db.savedView.findFirst({ where: { id: viewId, tenantId, OR: [{ userId: null }, { userId: viewer.userId }] } });
  if (!row) throw new NotFoundError('View');
  if (!row.userId && viewer.role !== 'OWNER' && viewer.role !== 'ADMIN') throw new ForbiddenError('Only admins can delete a shared view');
  await db.savedView.deleteMany({ where: { id: row.id, tenantId } });
}

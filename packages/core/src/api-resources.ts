import { z } from 'zod';
import {
  Channel,
  DeliveryStatus,
  MessageKind,
  NotFoundError,
  Priority,
  TicketStatus,
  ValidationError,
  parseInput,
  type Db,
  type Prisma,
} from '@helpdesk/db';
import { listMessages } from './messages';

/** The public REST shapes; OpenAPI documents these same schemas. */
export const customerResource = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  tags: z.array(z.string()),
  createdAt: z.iso.datetime(),
});

export const ticketResource = z.object({
  id: z.string(),
  number: z.number().int(),
  subject: z.string(),
  status: z.enum(TicketStatus),
  priority: z.enum(Priority),
  channel: z.enum(Channel),
  customer: customerResource.pick({ id: true, email: true, name: true }),
  assigneeId: z.string().nullable(),
  groupId: z.string().nullable(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  firstResponseDueAt: z.iso.datetime().nullable(),
  resolutionDueAt: z.iso.datetime().nullable(),
  slaBreachedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const messageResource = z.object({
  id: z.string(),
  ticketId: z.string(),
  kind: z.enum(MessageKind),
  bodyText: z.string(),
  bodyHtml: z.string().nullable(),
  authorUserId: z.string().nullable(),
  customerId: z.string().nullable(),
  deliveryStatus: z.enum(DeliveryStatus),
  attachments: z.array(
    z.object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number().int(), sha256: z.string() }),
  ),
  createdAt: z.iso.datetime(),
});

export const errorResource = z.object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) });

export type TicketResource = z.infer<typeof ticketResource>;
export type MessageResource = z.infer<typeof messageResource>;
export type CustomerResource = z.infer<typeof customerResource>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const ticketInclude = {
  customer: { select: { id: true, email: true, name: true } },
  category: { select: { key: true } },
  tags: { select: { tag: { select: { name: true } } } },
} satisfies Prisma.TicketInclude;

type TicketWithRelations = Prisma.TicketGetPayload<{ include: typeof ticketInclude }>;

function toTicket(t: TicketWithRelations): TicketResource {
  return {
    id: t.id,
    number: t.number,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    channel: t.channel,
    customer: t.customer,
    assigneeId: t.assigneeId,
    groupId: t.groupId,
    category: t.category?.key ?? null,
    tags: t.tags.map((x) => x.tag.name).sort(),
    firstResponseDueAt: iso(t.firstResponseDueAt),
    resolutionDueAt: iso(t.resolutionDueAt),
    slaBreachedAt: iso(t.slaBreachedAt),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

export function toCustomer(c: {
  id: string;
  email: string;
  name: string | null;
  phone: string | null;
  tags: string[];
  createdAt: Date;
}): CustomerResource {
  return { id: c.id, email: c.email, name: c.name, phone: c.phone, tags: c.tags, createdAt: c.createdAt.toISOString() };
}

/** Another tenant's id is indistinguishable from a missing one. */
export async function getTicketResource(db: Db, tenantId: string, ticketId: string): Promise<TicketResource> {
  const ticket = await db.ticket.findFirst({ where: { id: ticketId, tenantId }, include: ticketInclude });
  if (!ticket) throw new NotFoundError('Ticket');
  return toTicket(ticket);
}

const ROW_ID = /^[A-Za-z0-9_-]{1,64}$/;

export const ticketListQuery = z
  .object({
    status: z.enum(TicketStatus).optional(),
    customerId: z.string().regex(ROW_ID, 'is not a customer id').optional(),
    cursor: z.string().regex(ROW_ID, 'is not a cursor this list returned').optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
  })
  .strict();

/** GET /api/v1/customers: a misspelt parameter is a 400, not a silently unfiltered list. */
export const customerListQuery = z.object({ q: z.string().max(200).optional(), cursor: z.string().min(1).max(500).optional() }).strict();

/** Newest first; the cursor is the last id of the previous page. */
export async function listTicketResources(db: Db, tenantId: string, query: z.input<typeof ticketListQuery>) {
  const q = parseInput(ticketListQuery, query);
  let after: Prisma.TicketWhereInput = {};
  if (q.cursor) {
    const last = await db.ticket.findFirst({ where: { id: q.cursor, tenantId }, select: { createdAt: true, id: true } });
    if (!last) throw new ValidationError('cursor', 'is not a cursor this list returned');
    after = { OR: [{ createdAt: { lt: last.createdAt } }, { createdAt: last.createdAt, id: { lt: last.id } }] };
  }
  const rows = await db.ticket.findMany({
    where: { tenantId, ...(q.status ? { status: q.status } : {}), ...(q.customerId ? { customerId: q.customerId } : {}), ...after },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: q.limit + 1,
    include: ticketInclude,
  });
  const page = rows.slice(0, q.limit);
  return { data: page.map(toTicket), nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null };
}

export async function listMessageResources(db: Db, tenantId: string, ticketId: string): Promise<MessageResource[]> {
  const rows = await listMessages(db, tenantId, ticketId);
  return rows.map((m) => ({
    id: m.id,
    ticketId: m.ticketId,
    kind: m.kind,
    bodyText: m.bodyText,
    bodyHtml: m.bodyHtml,
    authorUserId: m.authorUserId,
    customerId: m.customerId,
    deliveryStatus: m.deliveryStatus,
    attachments: m.attachments,
    createdAt: m.createdAt.toISOString(),
  }));
}

export async function getMessageResource(db: Db, tenantId: string, ticketId: string, messageId: string): Promise<MessageResource> {
  const found = (await listMessageResources(db, tenantId, ticketId)).find((m) => m.id === messageId);
  if (!found) throw new NotFoundError('Message');
  return found;
}

export async function getCustomerResource(db: Db, tenantId: string, customerId: string): Promise<CustomerResource> {
  const c = await db.customer.findFirst({ where: { id: customerId, tenantId } });
  if (!c) throw new NotFoundError('Customer');
  return toCustomer(c);
}

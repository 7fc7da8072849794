import { z } from 'zod';
import { Channel, Priority, ValidationError, parseInput, requireAgent, type Actor, type Db, type Ticket, type Tx } from '@helpdesk/db';
import { writeAudit } from './audit';
import { assertAssignable, markAssigned, nextRoundRobinAssignee } from './assignment';
import { linkAttachments, storedAttachmentSchema } from './attachments';
import { customerRefSchema, upsertCustomer } from './customers';
import { writeOutbox } from './outbox-events';
import { htmlToText, sanitizeMessageHtml } from './sanitize';
import { slaDueDates } from './sla';
import { addTicketTags, tagNameSchema } from './tags';

/** The fields without the body refinement, so adapters can derive narrower inputs from them. */
export const ticketFields = z.object({
  subject: z.string().trim().min(1, 'is required').max(300),
  bodyText: z.string().trim().max(100_000).default(''),
  bodyHtml: z.string().max(500_000).optional(),
  customer: customerRefSchema,
  priority: z.enum(Priority).default('NORMAL'),
  channel: z.enum(Channel).optional(),
  categoryKey: z.string().trim().min(1).max(100).optional(),
  assigneeId: z.string().min(1).optional(),
  tags: z.array(tagNameSchema).max(20).default([]),
  attachments: z.array(storedAttachmentSchema).max(20).default([]),
  emailMessageId: z.string().max(998).optional(),
  inReplyTo: z.string().max(998).optional(),
});

export const hasBody = (m: { bodyText: string; bodyHtml?: string }) => m.bodyText.length > 0 || (m.bodyHtml?.trim().length ?? 0) > 0;
export const BODY_REQUIRED = { message: 'is required', path: ['bodyText'] };

export const createTicketInput = ticketFields.refine(hasBody, BODY_REQUIRED);
/** What API clients and forms may send: no channel, email headers or pre-stored files. */
export const apiCreateTicketInput = ticketFields
  .omit({ channel: true, attachments: true, emailMessageId: true, inReplyTo: true })
  .extend({ customer: customerRefSchema.strict() })
  .strict()
  .refine(hasBody, BODY_REQUIRED);
export type CreateTicketInput = z.input<typeof createTicketInput>;

function defaultChannel(actor: Actor): Channel {
  if (actor.type === 'API_KEY') return 'API';
  if (actor.type === 'USER') return 'AGENT';
  return 'WEB_FORM';
}

/** Takes the tenant's next number; the row lock also serializes concurrent creations per tenant. */
async function nextTicketNumber(tx: Tx, tenantId: string): Promise<number> {
  const [row] = await tx.$queryRaw<{ number: number }[]>`
    UPDATE "Tenant" SET "nextTicketNumber" = "nextTicketNumber" + 1 WHERE id = ${tenantId} RETURNING "nextTicketNumber" - 1 AS number`;
  if (!row) throw new ValidationError('tenantId', 'unknown workspace');
  return Number(row.number);
}

/** Everything a new ticket implies happens in this one transaction, or none of it does. */
export async function createTicketTx(tx: Tx, actor: Actor, input: CreateTicketInput, now = new Date()): Promise<Ticket> {
  if (actor.type === 'USER') requireAgent(actor);
  const data = parseInput(createTicketInput, input);
  const tenantId = actor.tenantId;
  const number = await nextTicketNumber(tx, tenantId);
  const tenant = await tx.tenant.findUniqueOrThrow({
    where: { id: tenantId },
    select: { roundRobin: true, businessHours: true, timezone: true },
  });
  const customer = await upsertCustomer(tx, tenantId, data.customer);

  let categoryId: string | null = null;
  if (data.categoryKey) {
    const category = await tx.category.findFirst({ where: { tenantId, key: data.categoryKey }, select: { id: true } });
    if (!category) throw new ValidationError('categoryKey', `unknown category "${data.categoryKey}"`);
    categoryId = category.id;
  }
  let assigneeId: string | null = null;
  if (data.assigneeId) {
    await assertAssignable(tx, tenantId, data.assigneeId);
    await markAssigned(tx, tenantId, data.assigneeId, now);
    assigneeId = data.assigneeId;
  } else if (tenant.roundRobin) {
    assigneeId = await nextRoundRobinAssignee(tx, tenantId, now);
  }

  const policy = await tx.slaPolicy.findFirst({ where: { tenantId, priority: data.priority } });
  const ticket = await tx.ticket.create({
    data: {
      tenantId,
      number,
      subject: data.subject,
      priority: data.priority,
      channel: data.channel ?? defaultChannel(actor),
      customerId: customer.id,
      assigneeId,
      categoryId,
      lastCustomerMessageAt: now,
      createdAt: now,
      ...slaDueDates(policy, tenant, now),
    },
  });
  const bodyHtml = data.bodyHtml ? sanitizeMessageHtml(data.bodyHtml) : null;
  const message = await tx.message.create({
    data: {
      tenantId,
      ticketId: ticket.id,
      kind: 'CUSTOMER',
      customerId: customer.id,
      bodyText: data.bodyText || htmlToText(bodyHtml ?? ''),
      bodyHtml,
      emailMessageId: data.emailMessageId ?? null,
      inReplyTo: data.inReplyTo ?? null,
      createdAt: now,
    },
  });
  await linkAttachments(tx, tenantId, message.id, data.attachments);
  await addTicketTags(tx, tenantId, ticket.id, data.tags);
  await writeOutbox(tx, tenantId, 'ticket.created', { tenantId, ticketId: ticket.id, contentVersion: ticket.contentVersion });
  await writeAudit(tx, actor, {
    entityType: 'Ticket',
    entityId: ticket.id,
    ticketId: ticket.id,
    action: 'ticket.created',
    changes: { number, channel: ticket.channel, priority: ticket.priority, assigneeId, customerEmail: customer.email },
  });
  return ticket;
}

/** Creations in one tenant queue on its counter row, so a burst waits for a connection rather than failing. */
export const CREATE_TX_OPTIONS = { maxWait: 15_000, timeout: 20_000 } as const;

export async function createTicket(db: Db, actor: Actor, input: CreateTicketInput): Promise<Ticket> {
  return db.$transaction((tx) => createTicketTx(tx, actor, input), CREATE_TX_OPTIONS);
}

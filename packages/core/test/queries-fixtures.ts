import { randomBytes } from 'node:crypto';
import type { Db, Priority, TicketStatus } from '@helpdesk/db';

export async function makeAgent(db: Db, tenantId: string, name: string): Promise<string> {
  const user = await db.user.create({ data: { email: `${name.toLowerCase()}-${randomBytes(3).toString('hex')}@example.test`, name } });
  await db.membership.create({ data: { tenantId, userId: user.id, role: 'AGENT' } });
  return user.id;
}

export async function makeCustomer(db: Db, tenantId: string, email: string, name?: string): Promise<string> {
  return (await db.customer.create({ data: { tenantId, email, name } })).id;
}

export interface TicketSpec {
  subject: string;
  customerId: string;
  status?: TicketStatus;
  priority?: Priority;
  assigneeId?: string | null;
  groupId?: string | null;
  categoryId?: string | null;
  updatedAt?: Date;
  createdAt?: Date;
  firstResponseDueAt?: Date | null;
  resolutionDueAt?: Date | null;
  firstRespondedAt?: Date | null;
  slaBreachedAt?: Date | null;
  lastCustomerMessageAt?: Date | null;
  body?: string;
  tags?: string[];
}

let counter = 0;

/** Inserts a ticket row directly (the read side is under test, not the write side), with its first message and tags. */
export async function insertTicket(db: Db, tenantId: string, spec: TicketSpec): Promise<{ id: string; number: number }> {
  counter += 1;
  const { body, tags, ...fields } = spec;
  const ticket = await db.ticket.create({
    data: { tenantId, number: counter, channel: 'EMAIL', ...fields },
    select: { id: true, number: true },
  });
  if (body) {
    await db.message.create({ data: { tenantId, ticketId: ticket.id, kind: 'CUSTOMER', customerId: spec.customerId, bodyText: body } });
  }
  for (const name of tags ?? []) {
    const tag = await db.tag.upsert({ where: { tenantId_name: { tenantId, name } }, create: { tenantId, name }, update: {} });
    await db.ticketTag.create({ data: { tenantId, ticketId: ticket.id, tagId: tag.id } });
  }
  return ticket;
}

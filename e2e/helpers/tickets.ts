import { randomUUID } from 'node:crypto';
import { sql } from './db';

export interface AcmeTicket {
  tenantId: string;
  id: string;
  number: number;
  customerId: string;
}

export interface AcmeTicketSpec {
  subject: string;
  customer: { email: string; name: string };
  /** The customer's one message. */
  body: string;
  bodyHtml?: string;
  status?: 'NEW' | 'OPEN' | 'PENDING' | 'SOLVED' | 'CLOSED';
  priority?: 'LOW' | 'NORMAL' | 'HIGH' | 'URGENT';
  /** When the mail came in (now unless given): the ticket's creation, last update and last customer message. */
  at?: Date;
}

/**
 * A ticket of the seeded demo tenant (Acme) from a new customer with one message, numbered as the app numbers them.
 * Written with SQL, like the specs' other fixtures, so the specs depend on the schema and not on domain code.
 */
export async function acmeTicket(spec: AcmeTicketSpec): Promise<AcmeTicket> {
  const [tenant] = await sql<{ id: string; number: number }>(
    `UPDATE "Tenant" SET "nextTicketNumber" = "nextTicketNumber" + 1 WHERE slug = 'acme' RETURNING id, "nextTicketNumber" - 1 AS number`,
  );
  if (!tenant) throw new Error('the seeded acme tenant is missing');
  const customerId = randomUUID();
  const id = randomUUID();
  await sql(`INSERT INTO "Customer" (id, "tenantId", email, name, tags, "updatedAt") VALUES ($1, $2, $3, $4, '{}', now())`, [
    customerId,
    tenant.id,
    spec.customer.email,
    spec.customer.name,
  ]);
  await sql(
    `INSERT INTO "Ticket" (id, "tenantId", number, subject, channel, status, priority, "customerId", "createdAt", "updatedAt", "lastCustomerMessageAt")
     VALUES ($1, $2, $3, $4, 'EMAIL', $5::"TicketStatus", $6::"Priority", $7, $8, $8, $8)`,
    [id, tenant.id, tenant.number, spec.subject, spec.status ?? 'NEW', spec.priority ?? 'NORMAL', customerId, spec.at ?? new Date()],
  );
  await sql(
    `INSERT INTO "Message" (id, "tenantId", "ticketId", kind, "customerId", "bodyText", "bodyHtml") VALUES ($1, $2, $3, 'CUSTOMER', $4, $5, $6)`,
    [randomUUID(), tenant.id, id, customerId, spec.body, spec.bodyHtml ?? null],
  );
  return { tenantId: tenant.id, id, number: tenant.number, customerId };
}

/**
 * The stored triage and retrieval of the ticket's first content, as if the local triage had just run: no category,
 * the given confidence, and the given citations (a confident triage with a cited article keeps the draft local).
 */
export async function storeTriage(
  ticket: Pick<AcmeTicket, 'tenantId' | 'id'>,
  triage: { confidence: number; summary: string; citations?: unknown[] },
): Promise<void> {
  await sql(
    `INSERT INTO "TriageResult" (id, "tenantId", "ticketId", "contentVersion", "categoryKey", priority, sentiment, language, confidence, summary, source, candidates, "modelId", "promptVersion", "durationMs")
     VALUES ($1, $2, $3, 1, NULL, 'NORMAL', 'NEUTRAL', 'en', $4, $5, 'CLASSIFIER', '[]', 'e2e', 'e2e', 1)`,
    [randomUUID(), ticket.tenantId, ticket.id, triage.confidence, triage.summary],
  );
  await sql(
    `INSERT INTO "RetrievalResult" (id, "tenantId", "ticketId", "contentVersion", citations, "topScore", "modelId", "durationMs") VALUES ($1, $2, $3, 1, $4, 0.9, 'e2e', 1)`,
    [randomUUID(), ticket.tenantId, ticket.id, JSON.stringify(triage.citations ?? [])],
  );
}

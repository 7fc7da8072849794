import { domainToASCII, domainToUnicode } from 'node:url';
import { z } from 'zod';
import { NotFoundError, parseInput, requireAgent, type Actor, type Customer, type Db, type Tx } from '@helpdesk/db';
import { writeAudit } from './audit';

/**
 * One spelling per mailbox: the local part NFC-normalised and lower-cased (RFC 6532 allows UTF-8 there),
 * the domain in its Unicode form whether it arrived as `bücher.example` or `xn--bcher-kva.example`.
 */
export function normaliseEmailAddress(raw: string): string | null {
  const trimmed = raw.trim().normalize('NFC');
  const at = trimmed.lastIndexOf('@');
  if (at <= 0) return null;
  const local = trimmed.slice(0, at).toLowerCase();
  const ascii = domainToASCII(trimmed.slice(at + 1).toLowerCase());
  if (!ascii || !ascii.includes('.') || local.length > 64 || /[\s@"<>(),;:\\[\]]/.test(local)) return null;
  return `${local}@${domainToUnicode(ascii)}`;
}

export const customerRefSchema = z.object({
  // RFC 6532: mail arrives from UTF-8 mailboxes and IDN domains too.
  email: z
    .string()
    .max(254)
    .transform(
      (e, ctx) => normaliseEmailAddress(e) ?? (ctx.addIssue({ code: 'custom', message: 'is not a valid email address' }), z.NEVER),
    ),
  name: z.string().trim().min(1).max(200).optional(),
});

/** Finds the tenant's customer by email, creating it; a name only fills a blank one. */
export async function upsertCustomer(tx: Tx, tenantId: string, ref: z.output<typeof customerRefSchema>): Promise<Customer> {
  const customer = await tx.customer.upsert({
    where: { tenantId_email: { tenantId, email: ref.email } },
    create: { tenantId, email: ref.email, name: ref.name ?? null },
    update: {},
  });
  if (!customer.name && ref.name) return tx.customer.update({ where: { id: customer.id, tenantId }, data: { name: ref.name } });
  return customer;
}

export const customerUpdateSchema = z.object({
  name: z.string().trim().min(1).max(200).nullable().optional(),
  phone: z.string().trim().max(50).nullable().optional(),
  notes: z.string().max(10_000).nullable().optional(),
  tags: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
});

export async function updateCustomer(
  db: Db,
  actor: Actor,
  customerId: string,
  input: z.input<typeof customerUpdateSchema>,
): Promise<Customer> {
  requireAgent(actor);
  const data = parseInput(customerUpdateSchema, input);
  const tenantId = actor.tenantId;
  return db.$transaction(async (tx) => {
    const before = await tx.customer.findFirst({ where: { id: customerId, tenantId } });
    if (!before) throw new NotFoundError('Customer');
    const after = await tx.customer.update({ where: { id: customerId, tenantId }, data });
    const changes = Object.fromEntries(
      Object.keys(data).map((k) => [k, { from: before[k as keyof typeof data] ?? null, to: after[k as keyof typeof data] ?? null }]),
    );
    await writeAudit(tx, actor, { entityType: 'Customer', entityId: customerId, action: 'customer.updated', changes });
    return after;
  });
}

import { z } from 'zod';
import type { Db, Tx } from '@helpdesk/db';

export const tagNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(50)
  .regex(/^[\p{L}\p{N}_:.-]+$/u, 'Tags may use letters, digits and _ : . - only');

/** Tags are created on first use; returns their ids in input order. */
export async function ensureTags(tx: Tx, tenantId: string, names: readonly string[]): Promise<{ id: string; name: string }[]> {
  const unique = [...new Set(names)];
  const out: { id: string; name: string }[] = [];
  for (const name of unique) {
    out.push(
      await tx.tag.upsert({
        where: { tenantId_name: { tenantId, name } },
        create: { tenantId, name },
        update: {},
        select: { id: true, name: true },
      }),
    );
  }
  return out;
}

export async function addTicketTags(tx: Tx, tenantId: string, ticketId: string, names: readonly string[]): Promise<void> {
  const tags = await ensureTags(tx, tenantId, names);
  if (tags.length === 0) return;
  await tx.ticketTag.createMany({ data: tags.map((t) => ({ tenantId, ticketId, tagId: t.id })), skipDuplicates: true });
}

export async function removeTicketTags(tx: Tx, tenantId: string, ticketId: string, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await tx.ticketTag.deleteMany({ where: { tenantId, ticketId, tag: { name: { in: [...names] } } } });
}

export async function ticketTagNames(tx: Tx | Db, tenantId: string, ticketId: string): Promise<string[]> {
  const rows = await tx.ticketTag.findMany({ where: { tenantId, ticketId }, select: { tag: { select: { name: true } } } });
  return rows.map((r) => r.tag.name).sort();
}

export async function listTags(db: Db, tenantId: string): Promise<{ name: string; tickets: number }[]> {
  const tags = await db.tag.findMany({
    where: { tenantId },
    orderBy: { name: 'asc' },
    select: { name: true, _count: { select: { tickets: true } } },
  });
  return tags.map((t) => ({ name: t.name, tickets: t._count.tickets }));
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '@helpdesk/db';
import { parseBankingCsv, type Example } from '../src/datasets';

const candidates = [process.env.SHARED_DATA_DIR, path.resolve(import.meta.dirname, '../../../../shared/data'), '/work/shared/data'].filter(
  Boolean,
) as string[];
export const sharedDataDir = candidates.find((dir) => existsSync(path.join(dir, 'banking77', 'train.csv')))!;

let banking: Example[] | null = null;
export function banking77(): Example[] {
  banking ??= parseBankingCsv(readFileSync(path.join(sharedDataDir, 'banking77', 'train.csv'), 'utf8'));
  return banking;
}

/** The first `n` rows of each category, after skipping `offset` (so train and probe rows never overlap). */
export function rowsOf(categories: string[], n: number, offset = 0): Example[] {
  return categories.flatMap((c) =>
    banking77()
      .filter((e) => e.label === c)
      .slice(offset, offset + n),
  );
}

/**
 * Labelled tickets as agents leave them: a ticket with its first customer message, the category set and
 * the TriageLabel the category change writes.
 */
// Fixed ticket ids: the promotion holdout is chosen by a hash of the id, so random ids made the training set,
// and with it the thresholds these tests check, differ from run to run.
let labelledTicketSeq = 0;

export async function addLabelledTickets(db: Db, tenantId: string, examples: Example[]): Promise<void> {
  const customer =
    (await db.customer.findFirst({ where: { tenantId, email: 'labels@example.com' } })) ??
    (await db.customer.create({ data: { tenantId, email: 'labels@example.com', name: 'Labels' } }));
  const categories = new Map((await db.category.findMany({ where: { tenantId } })).map((c) => [c.key, c.id]));
  for (const key of new Set(examples.map((e) => e.label))) {
    if (!categories.has(key)) categories.set(key, (await db.category.create({ data: { tenantId, key, name: key.replace(/_/g, ' ') } })).id);
  }
  let number = (await db.ticket.count({ where: { tenantId } })) + 1;
  for (const e of examples) {
    const ticket = await db.ticket.create({
      data: {
        id: `labelled-ticket-${++labelledTicketSeq}`,
        tenantId,
        number: number++,
        subject: e.text.split(' ').slice(0, 6).join(' '),
        channel: 'EMAIL',
        customerId: customer.id,
        categoryId: categories.get(e.label)!,
        messages: { create: [{ tenantId, kind: 'CUSTOMER', customerId: customer.id, bodyText: e.text }] },
      },
    });
    await db.triageLabel.create({ data: { tenantId, ticketId: ticket.id, field: 'category', toValue: e.label } });
  }
}

export function clincOutOfScope(): string[] {
  const doc = JSON.parse(readFileSync(path.join(sharedDataDir, 'clinc150', 'train_val.json'), 'utf8')) as { oos_val: [string, string][] };
  return doc.oos_val.map(([text]) => text);
}

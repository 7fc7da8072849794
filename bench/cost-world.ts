import type { Db } from '@helpdesk/db';
import { benchTenant } from './bench-tenant';
import type { BenchDataset } from './cost-data';

/** A ticket subject from the customer's text, as a mail client would cut it. */
export const subjectOf = (text: string) => (text.length > 60 ? `${text.slice(0, 57).trimEnd()}…` : text);

/**
 * bench:cost's tenant: the data's taxonomy and knowledge base, SLA targets, an API key, and a labelled history the
 * classifier learns from: solved tickets whose category an agent set, the way it learns in production.
 */
export async function seedCostTenant(db: Db, data: BenchDataset, name: string, started: number) {
  const { tenant, key } = await benchTenant(db, { name, label: 'cost', categories: data.categories, articles: data.articles });
  const tenantId = tenant.id;
  const categoryId = new Map((await db.category.findMany({ where: { tenantId } })).map((c) => [c.key, c.id]));
  await db.slaPolicy.createMany({
    data: [
      { tenantId, priority: 'URGENT', firstResponseMinutes: 60, resolutionMinutes: 480 },
      { tenantId, priority: 'HIGH', firstResponseMinutes: 240, resolutionMinutes: 1440 },
      { tenantId, priority: 'NORMAL', firstResponseMinutes: 480, resolutionMinutes: 2880 },
      { tenantId, priority: 'LOW', firstResponseMinutes: 1440, resolutionMinutes: 5760 },
    ],
  });
  const customer = await db.customer.create({ data: { tenantId, email: 'history@example.test', name: 'Past customer' } });
  const history = data.history.filter((e) => categoryId.has(e.label));
  for (let i = 0; i < history.length; i += 1000) {
    const chunk = history.slice(i, i + 1000).map((e, j) => ({ id: `hist_${i + j}`, e, n: i + j + 1 }));
    const at = (n: number) => new Date(started - 90 * 86_400_000 + n * 60_000);
    await db.ticket.createMany({
      data: chunk.map(({ id, e, n }) => ({
        id,
        tenantId,
        number: n,
        subject: subjectOf(e.text),
        channel: 'EMAIL' as const,
        status: 'SOLVED' as const,
        customerId: customer.id,
        categoryId: categoryId.get(e.label)!,
        createdAt: at(n),
        lastCustomerMessageAt: at(n),
      })),
    });
    await db.message.createMany({
      data: chunk.map(({ id, e, n }) => ({
        tenantId,
        ticketId: id,
        kind: 'CUSTOMER' as const,
        customerId: customer.id,
        bodyText: e.text,
        createdAt: at(n),
      })),
    });
  }
  await db.tenant.update({ where: { id: tenantId }, data: { nextTicketNumber: history.length + 1 } });
  return { tenant, key, history: history.length };
}

import type { Db } from '@helpdesk/db';

/** What the escalation admin page offers to choose from: the alert webhook, active categories, priced cloud models. */
export async function escalationAdminOptions(db: Db, tenantId: string) {
  const [webhook, categories, prices] = await Promise.all([
    db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { alertWebhookUrl: true, alertWebhookSecret: true } }),
    db.category.findMany({ where: { tenantId, active: true }, select: { key: true, name: true }, orderBy: { name: 'asc' } }),
    db.priceCatalog.findMany({
      where: { provider: 'CLOUD', OR: [{ tenantId }, { tenantId: null }] },
      select: { model: true },
      distinct: ['model'],
      orderBy: { model: 'asc' },
    }),
  ]);
  return { webhook, categories, cloudModels: prices.map((p) => p.model) };
}

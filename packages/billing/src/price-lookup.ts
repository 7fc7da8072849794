import type { PriceCatalog, Tx } from '@helpdesk/db';

export interface PriceQuery {
  tenantId: string;
  model: string;
  at: Date;
}

/**
 * Catalog id of a tenant's (or the platform's) CPU-hour price for local models the catalog does not list.
 * Kept as price rows so it has effective dates like every other price.
 */
export const LOCAL_FALLBACK_MODEL = 'local-fallback';

/**
 * The price in force for a tenant's model at an instant: the tenant's override row wins over the platform
 * row (tenantId null); within each, the latest effectiveFrom not after `at`. A row effective later never
 * reprices earlier calls.
 */
export async function findPrice(db: Tx, { tenantId, model, at }: PriceQuery): Promise<PriceCatalog | null> {
  const rows = await db.priceCatalog.findMany({
    where: { model, effectiveFrom: { lte: at }, OR: [{ tenantId }, { tenantId: null }] },
    orderBy: { effectiveFrom: 'desc' },
  });
  return rows.find((r) => r.tenantId === tenantId) ?? rows.find((r) => r.tenantId === null) ?? null;
}

import type { Db } from '@helpdesk/db';
import type { TenantProfile } from './prompt';

/** Articles beyond this never fit the largest minimum with the digest's per-article cap, so they are not loaded. */
const MAX_ARTICLES = 40;

/**
 * Everything the cached draft prefix is built from, read in a fixed order (categories by key, macros by name,
 * articles oldest first) so that the same tenant data always gives byte-identical prefixes.
 */
export async function loadTenantProfile(db: Db, tenantId: string): Promise<TenantProfile> {
  const [tenant, slas, categories, macros, articles] = await Promise.all([
    db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true, timezone: true, autoCloseDays: true } }),
    db.slaPolicy.findMany({
      where: { tenantId },
      orderBy: { priority: 'asc' },
      select: { priority: true, firstResponseMinutes: true, resolutionMinutes: true },
    }),
    db.category.findMany({
      where: { tenantId, active: true },
      orderBy: { key: 'asc' },
      select: { key: true, name: true, description: true },
    }),
    db.macro.findMany({ where: { tenantId }, orderBy: { name: 'asc' }, select: { name: true, body: true } }),
    db.knowledgeArticle.findMany({
      where: { tenantId, published: true },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: MAX_ARTICLES,
      select: { title: true, bodyMarkdown: true },
    }),
  ]);
  return { ...tenant, slas, categories, macros, articles: articles.map((a) => ({ title: a.title, body: a.bodyMarkdown })) };
}

import { createArticle } from '@helpdesk/knowledge';
import { createApiKey } from '@helpdesk/core/api-keys';
import type { Actor, Db } from '@helpdesk/db';
import { makeTenant } from '@helpdesk/testkit';

/** A tenant of the bench's own: an owner, a taxonomy, a knowledge base and an API key for the REST API v1. */
export async function benchTenant(
  db: Db,
  setup: { name: string; label: string; categories: { key: string; name: string }[]; articles: { title: string; body: string }[] },
) {
  const tenant = await makeTenant(db, setup.name);
  const tenantId = tenant.id;
  const owner = await db.user.create({ data: { email: `${setup.label}-${tenant.slug}@example.test`, name: 'Bench owner' } });
  await db.membership.create({ data: { tenantId, userId: owner.id, role: 'OWNER' } });
  const actor: Actor = { type: 'USER', id: owner.id, tenantId, role: 'OWNER', name: 'Bench owner' };
  await db.category.createMany({ data: setup.categories.map((c) => ({ tenantId, key: c.key, name: c.name })) });
  for (const a of setup.articles) await createArticle(db, actor, { title: a.title, bodyMarkdown: a.body });
  const { key } = await createApiKey(db, actor, { name: `bench:${setup.label}`, scopes: ['tickets:read', 'tickets:write'] });
  return { tenant, actor, key };
}

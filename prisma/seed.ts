// Demo data: "Acme Support" with a user per role, ~200 tickets over 30 days from banking77, 20 knowledge-base
// articles and 30 days of AI usage. Run by `npm start` on an empty database, or `npm run seed`.
import path from 'node:path';
import { createDb } from '@helpdesk/db';
import { loadBanking77 } from './seed/banking77';
import { demoArticles } from './seed/articles';
import { createDemoTenant, DEMO_CATEGORIES, DEMO_PASSWORD, demoUsers } from './seed/demo-tenant';
import { seededRandom } from './seed/random';
import { seedTickets } from './seed/tickets';
import { seedUsage } from './seed/usage';
import { seedPrices } from './seed-prices';
import { recordUsage } from '@helpdesk/billing';
import { trainTenantClassifier } from '@helpdesk/classifier';
import { databaseUrlFromEnv } from '@helpdesk/config/cli/args';

const url = databaseUrlFromEnv();
const repoRoot = path.resolve(import.meta.dirname, '..');
const db = createDb(url);
const r = seededRandom(77);

try {
  if (await db.tenant.findUnique({ where: { slug: 'acme' } })) {
    console.log('seed: the demo tenant already exists; nothing to do');
  } else {
    // A support team's taxonomy is a dozen or so categories, which also gives the learned classifier enough
    // labels per category to train on from day one.
    const categories = [...DEMO_CATEGORIES].sort();
    const rows = loadBanking77(repoRoot).filter((row) => DEMO_CATEGORIES.includes(row.category));
    await seedPrices(db);
    const { tenant, users } = await createDemoTenant(db, categories);
    const categoryIds = new Map((await db.category.findMany({ where: { tenantId: tenant.id } })).map((c) => [c.key, c.id]));
    const agents = users.filter((u) => u.role !== 'BILLING_VIEWER');
    const tickets = await seedTickets(db, r, tenant.id, agents, categoryIds, rows, Number(process.env.SEED_TICKETS ?? 200));
    for (const a of demoArticles) {
      const slug = a.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
      const article = await db.knowledgeArticle.create({
        data: { tenantId: tenant.id, title: a.title, slug, bodyMarkdown: a.body, createdById: users[0]!.id },
      });
      // The AI worker chunks and embeds the article when it picks this up.
      await db.outboxEvent.create({
        data: {
          tenantId: tenant.id,
          type: 'kb.article.changed',
          payload: { tenantId: tenant.id, articleId: article.id, version: article.version },
        },
      });
    }
    // The newest open tickets go through the live AI pipeline when the workers start; older ones are history.
    for (const t of tickets.filter((t) => t.status === 'NEW' || t.status === 'OPEN').slice(-10)) {
      await db.outboxEvent.create({
        data: { tenantId: tenant.id, type: 'ticket.created', payload: { tenantId: tenant.id, ticketId: t.id, contentVersion: 1 } },
      });
    }
    const usage = await seedUsage(db, r, tenant.id, tickets, recordUsage as never);
    const training = await trainTenantClassifier(db, tenant.id);
    console.log(`seed: Acme Support with ${tickets.length} tickets, ${demoArticles.length} articles, ${usage} AI usage rows`);
    console.log(`seed: triage classifier: ${training.message}`);
    console.log(`seed: logins (password ${DEMO_PASSWORD}): ${demoUsers.map((u) => `${u.email} (${u.role})`).join(', ')}`);
  }
} finally {
  await db.$disconnect();
}

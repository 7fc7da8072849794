import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The two tenants the isolation suite plays against each other.
 *
 * - The *victim* is a tenant made here with one row of every kind a route, page or action can address by id.
 *   Every text in it carries a marker (`VICTIM…<tag>`) so that any response showing its data is caught by a
 *   plain substring search, whatever the shape of the response.
 * - *Acme* (the seeded demo tenant) is the side that probes: its four demo users and an API key of its own.
 *   Its own ids serve the role checks (an agent refused an admin action on its own workspace's row).
 *
 * Made with SQL, like the other specs' fixtures, so the suite depends on the schema and not on domain code.
 */

export interface VictimWorld {
  tag: string;
  tenantId: string;
  name: string;
  slug: string;
  inboundAlias: string;
  inboundSecret: string;
  userId: string;
  membershipId: string;
  customer: { id: string; email: string; name: string };
  ticket: { id: string; number: number; subject: string };
  messageBody: string;
  article: { id: string; title: string };
  macro: { id: string; name: string };
  view: { id: string; name: string };
  category: { id: string; key: string; name: string };
  tag_: { id: string; name: string };
  group: { id: string; name: string };
  invitation: { id: string; email: string; token: string };
  apiKey: { id: string; name: string; prefix: string };
  draft: { id: string; body: string };
  attachment: { id: string; filename: string };
  classifierVersion: number;
  usageModel: string;
  /** A month with victim spend (for the statement page). */
  month: string;
  /** The delayed AI job the retry action is pointed at (queue, id). */
  job: { queue: string; id: string };
  /** A tenant-wide budget alert, unread. */
  notification: { id: string; title: string };
}

export interface AcmeWorld {
  tenantId: string;
  inboundAlias: string;
  inboundSecret: string;
  ticket: { id: string; number: number };
  customer: { id: string };
  article: { id: string; version: number };
  macro: { id: string };
  view: { id: string } | null;
  category: { id: string };
  agentMembershipId: string;
  agentUserId: string;
  ownerMembershipId: string;
  month: string;
}

/** Victim ticket numbers are far above anything Acme reaches in a run, so `/tickets/<n>` is the victim's only. */
const VICTIM_TICKET_NUMBER = 987_654;
const VICTIM_CLASSIFIER_VERSION = 4_242;
export const VICTIM_SLUG = 'isolation-victim';

async function withClient<T>(databaseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** The victim's ids and texts follow from its tag, so a restarted test worker finds the same world again. */
function victimFromTag(tag: string): Omit<VictimWorld, 'inboundSecret'> {
  const id = (kind: string) => `iso_${kind}_${tag}`;
  const lastMonth = new Date();
  lastMonth.setUTCDate(1);
  lastMonth.setUTCMonth(lastMonth.getUTCMonth() - 1);
  return {
    tag,
    tenantId: id('tenant'),
    name: `Victim Works ${tag}`,
    slug: VICTIM_SLUG,
    inboundAlias: `isolation-victim-${tag}`,
    userId: id('user'),
    membershipId: id('membership'),
    customer: { id: id('customer'), email: `victim-customer-${tag}@victim.test`, name: `VICTIMCUSTOMER${tag}` },
    ticket: { id: id('ticket'), number: VICTIM_TICKET_NUMBER, subject: `VICTIMSUBJECT${tag}` },
    messageBody: `VICTIMBODY${tag}`,
    article: { id: id('article'), title: `VICTIMARTICLE${tag}` },
    macro: { id: id('macro'), name: `VICTIMMACRO${tag}` },
    view: { id: id('view'), name: `VICTIMVIEW${tag}` },
    category: { id: id('category'), key: `victimcat${tag}`, name: `VICTIMCATEGORY${tag}` },
    tag_: { id: id('tag'), name: `victimtag${tag}` },
    group: { id: id('group'), name: `VICTIMGROUP${tag}` },
    invitation: {
      id: id('invitation'),
      email: `victim-invitee-${tag}@victim.test`,
      token: `victim-invite-token-${tag}-0123456789abcdef0123456789`,
    },
    apiKey: { id: id('apikey'), name: `VICTIMKEY${tag}`, prefix: sha256(tag).slice(0, 12) },
    draft: { id: id('draft'), body: `VICTIMDRAFT${tag}` },
    attachment: { id: id('attachment'), filename: `VICTIMFILE${tag}.txt` },
    classifierVersion: VICTIM_CLASSIFIER_VERSION,
    usageModel: `victim-model-${tag}`,
    month: monthOf(lastMonth),
    job: { queue: 'ai-summary', id: `isolation-victim-${tag}` },
    notification: { id: id('notification'), title: `VICTIMNOTE${tag}` },
  };
}

/** Creates the victim tenant once per e2e database; later calls (a restarted worker) return the same world. */
export async function ensureVictim(databaseUrl: string): Promise<VictimWorld> {
  return withClient(databaseUrl, async (c) => {
    const existing = await c.query<{ name: string; inboundSecret: string }>(`SELECT name, "inboundSecret" FROM "Tenant" WHERE slug = $1`, [
      VICTIM_SLUG,
    ]);
    if (existing.rows[0]) {
      const tag = existing.rows[0].name.split(' ').pop()!;
      return { ...victimFromTag(tag), inboundSecret: existing.rows[0].inboundSecret };
    }
    const tag = Date.now().toString(36) + randomBytes(2).toString('hex');
    const v = { ...victimFromTag(tag), inboundSecret: randomBytes(24).toString('hex') };
    const lastMonthDay = `${v.month}-15T12:00:00Z`;
    await c.query('BEGIN');
    try {
      const q = (text: string, values: unknown[]) => c.query(text, values);
      await q(`INSERT INTO "Tenant" (id, name, slug, "inboundAlias", "inboundSecret", "updatedAt") VALUES ($1, $2, $3, $4, $5, now())`, [
        v.tenantId,
        v.name,
        v.slug,
        v.inboundAlias,
        v.inboundSecret,
      ]);
      await q(`INSERT INTO "User" (id, email, name, "updatedAt") VALUES ($1, $2, $3, now())`, [
        v.userId,
        `victim-owner-${tag}@victim.test`,
        `VICTIMOWNER${tag}`,
      ]);
      await q(`INSERT INTO "Membership" (id, "tenantId", "userId", role) VALUES ($1, $2, $3, 'OWNER')`, [
        v.membershipId,
        v.tenantId,
        v.userId,
      ]);
      await q(`INSERT INTO "Customer" (id, "tenantId", email, name, "updatedAt") VALUES ($1, $2, $3, $4, now())`, [
        v.customer.id,
        v.tenantId,
        v.customer.email,
        v.customer.name,
      ]);
      await q(`INSERT INTO "Group" (id, "tenantId", name) VALUES ($1, $2, $3)`, [v.group.id, v.tenantId, v.group.name]);
      await q(`INSERT INTO "Category" (id, "tenantId", key, name) VALUES ($1, $2, $3, $4)`, [
        v.category.id,
        v.tenantId,
        v.category.key,
        v.category.name,
      ]);
      await q(`INSERT INTO "Tag" (id, "tenantId", name) VALUES ($1, $2, $3)`, [v.tag_.id, v.tenantId, v.tag_.name]);
      await q(
        `INSERT INTO "Ticket" (id, "tenantId", number, subject, status, priority, channel, "customerId", "assigneeId", "groupId", "categoryId", "lastCustomerMessageAt", "updatedAt")
         VALUES ($1, $2, $3, $4, 'OPEN', 'HIGH', 'EMAIL', $5, $6, $7, $8, now(), now())`,
        [v.ticket.id, v.tenantId, v.ticket.number, v.ticket.subject, v.customer.id, v.userId, v.group.id, v.category.id],
      );
      await q(`UPDATE "Tenant" SET "nextTicketNumber" = $2 WHERE id = $1`, [v.tenantId, v.ticket.number + 1]);
      await q(`INSERT INTO "TicketTag" ("tenantId", "ticketId", "tagId") VALUES ($1, $2, $3)`, [v.tenantId, v.ticket.id, v.tag_.id]);
      await q(
        `INSERT INTO "Message" (id, "tenantId", "ticketId", kind, "customerId", "bodyText") VALUES ($1, $2, $3, 'CUSTOMER', $4, $5)`,
        [`iso_message_${tag}`, v.tenantId, v.ticket.id, v.customer.id, v.messageBody],
      );
      // Only the row: a foreign id must be refused before the store is ever read.
      await q(
        `INSERT INTO "Attachment" (id, "tenantId", "messageId", filename, "contentType", size, sha256, "storageKey") VALUES ($1, $2, $3, $4, 'text/plain', 5, $5, $6)`,
        [v.attachment.id, v.tenantId, `iso_message_${tag}`, v.attachment.filename, sha256('VICTIM'), `isolation/${tag}`],
      );
      await q(
        `INSERT INTO "KnowledgeArticle" (id, "tenantId", title, slug, "bodyMarkdown", "updatedAt") VALUES ($1, $2, $3, $4, $5, now())`,
        [v.article.id, v.tenantId, v.article.title, `victim-article-${tag}`, `VICTIMARTICLEBODY${tag}`],
      );
      await q(`INSERT INTO "Macro" (id, "tenantId", name, body, actions, "updatedAt") VALUES ($1, $2, $3, $4, '{}', now())`, [
        v.macro.id,
        v.tenantId,
        v.macro.name,
        `VICTIMMACROBODY${tag}`,
      ]);
      await q(`INSERT INTO "SavedView" (id, "tenantId", name, filters) VALUES ($1, $2, $3, '{}')`, [v.view.id, v.tenantId, v.view.name]);
      await q(
        `INSERT INTO "SlaPolicy" (id, "tenantId", priority, "firstResponseMinutes", "resolutionMinutes") VALUES ($1, $2, 'LOW', 4321, 9876)`,
        [`iso_sla_${tag}`, v.tenantId],
      );
      await q(
        `INSERT INTO "Invitation" (id, "tenantId", email, role, "tokenHash", "invitedById", "expiresAt") VALUES ($1, $2, $3, 'AGENT', $4, $5, now() + interval '7 days')`,
        [v.invitation.id, v.tenantId, v.invitation.email, sha256(v.invitation.token), v.userId],
      );
      await q(`INSERT INTO "ApiKey" (id, "tenantId", name, prefix, "keyHash", scopes) VALUES ($1, $2, $3, $4, $5, $6)`, [
        v.apiKey.id,
        v.tenantId,
        v.apiKey.name,
        v.apiKey.prefix,
        sha256(`victim-key-${tag}`),
        ['tickets:read', 'tickets:write', 'customers:read'],
      ]);
      await q(
        `INSERT INTO "AiDraft" (id, "tenantId", "ticketId", "contentVersion", body, citations, source, status, "modelId", "promptVersion", "updatedAt")
         VALUES ($1, $2, $3, 1, $4, '[]', 'LOCAL', 'READY', 'victim-local', 'v1', now())`,
        [v.draft.id, v.tenantId, v.ticket.id, v.draft.body],
      );
      await q(
        `INSERT INTO "ClassifierModel" (id, "tenantId", version, status, active, "labelCount") VALUES ($1, $2, $3, 'READY', false, 0)`,
        [`iso_classifier_${tag}`, v.tenantId, v.classifierVersion],
      );
      for (const [suffix, at] of [
        ['recent', new Date(Date.now() - 86_400_000).toISOString()],
        ['month', lastMonthDay],
      ] as const) {
        await q(
          `INSERT INTO "UsageEvent" (id, "tenantId", feature, model, provider, "tokensIn", "tokensOut", "costMicros", "idempotencyKey", "occurredAt")
           VALUES ($1, $2, 'ESCALATED_DRAFT', $3, 'CLOUD', 1000, 1000, 7777777, $1, $4)`,
          [`iso_usage_${suffix}_${tag}`, v.tenantId, v.usageModel, at],
        );
      }
      await q(`INSERT INTO "Notification" (id, "tenantId", kind, title, body) VALUES ($1, $2, 'budget.alert', $3, $3)`, [
        v.notification.id,
        v.tenantId,
        v.notification.title,
      ]);
      await q('COMMIT', []);
    } catch (error) {
      await c.query('ROLLBACK');
      throw error;
    }
    return v;
  });
}

export async function loadAcme(databaseUrl: string): Promise<AcmeWorld> {
  return withClient(databaseUrl, async (c) => {
    const one = async <T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<T> => {
      const row = (await c.query<T>(text, values)).rows[0];
      if (!row) throw new Error(`the seeded acme tenant lacks a row for: ${text}`);
      return row;
    };
    const tenant = await one<{ id: string; inboundAlias: string; inboundSecret: string }>(
      `SELECT id, "inboundAlias", "inboundSecret" FROM "Tenant" WHERE slug = 'acme'`,
      [],
    );
    const t = tenant.id;
    const ticket = await one<{ id: string; number: number }>(
      `SELECT id, number FROM "Ticket" WHERE "tenantId" = $1 ORDER BY number LIMIT 1`,
      [t],
    );
    const customer = await one<{ id: string }>(`SELECT id FROM "Customer" WHERE "tenantId" = $1 ORDER BY "createdAt" LIMIT 1`, [t]);
    const article = await one<{ id: string; version: number }>(
      `SELECT id, version FROM "KnowledgeArticle" WHERE "tenantId" = $1 ORDER BY "createdAt" LIMIT 1`,
      [t],
    );
    const macro = await one<{ id: string }>(`SELECT id FROM "Macro" WHERE "tenantId" = $1 ORDER BY "createdAt" LIMIT 1`, [t]);
    const view = (await c.query<{ id: string }>(`SELECT id FROM "SavedView" WHERE "tenantId" = $1 LIMIT 1`, [t])).rows[0] ?? null;
    const category = await one<{ id: string }>(`SELECT id FROM "Category" WHERE "tenantId" = $1 ORDER BY key LIMIT 1`, [t]);
    const agent = await one<{ id: string; userId: string }>(
      `SELECT m.id, m."userId" FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."tenantId" = $1 AND u.email = 'agent@acme.test'`,
      [t],
    );
    const owner = await one<{ id: string }>(
      `SELECT m.id FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE m."tenantId" = $1 AND u.email = 'owner@acme.test'`,
      [t],
    );
    return {
      tenantId: t,
      inboundAlias: tenant.inboundAlias,
      inboundSecret: tenant.inboundSecret,
      ticket,
      customer,
      article,
      macro,
      view,
      category,
      agentMembershipId: agent.id,
      agentUserId: agent.userId,
      ownerMembershipId: owner.id,
      month: monthOf(new Date()),
    };
  });
}

/** An Acme API key with the given scopes, stored the way createApiKey stores one (prefix + sha256). */
export async function acmeApiKey(databaseUrl: string, tenantId: string, scopes: string[], label: string): Promise<string> {
  const prefix = randomBytes(6).toString('hex');
  const key = `hd_${prefix}_${randomBytes(24).toString('base64url')}`;
  await withClient(databaseUrl, (c) =>
    c.query(`INSERT INTO "ApiKey" (id, "tenantId", name, prefix, "keyHash", scopes) VALUES ($1, $2, $3, $4, $5, $6)`, [
      `key_${prefix}`,
      tenantId,
      label,
      prefix,
      sha256(key),
      scopes,
    ]),
  );
  return key;
}

/** Tables holding a tenant's rows; the fingerprint of the victim's rows must not change while Acme probes it. */
const TENANT_TABLES = [
  'Membership',
  'Invitation',
  'ApiKey',
  'Customer',
  'Group',
  'Category',
  'Tag',
  'TicketTag',
  'Ticket',
  'Message',
  'Attachment',
  'Macro',
  'SlaPolicy',
  'SavedView',
  'KnowledgeArticle',
  'AiDraft',
  'TriageResult',
  'TriageLabel',
  'ClassifierModel',
  'EscalationPolicy',
  'PriceCatalog',
  'UsageEvent',
  'AuditLog',
  'OutboxEvent',
  'Notification',
] as const;

/** Row counts and an md5 of every row of the victim tenant (and the tenant row itself), per table. */
export async function victimFingerprint(databaseUrl: string, tenantId: string): Promise<Record<string, string>> {
  return withClient(databaseUrl, async (c) => {
    const out: Record<string, string> = {};
    const tenant = await c.query<{ h: string }>(`SELECT md5(t::text) AS h FROM "Tenant" t WHERE id = $1`, [tenantId]);
    out.Tenant = tenant.rows[0]?.h ?? 'missing';
    for (const table of TENANT_TABLES) {
      const { rows } = await c.query<{ n: string; h: string | null }>(
        `SELECT count(*)::text AS n, md5(string_agg(md5(t::text), ',' ORDER BY md5(t::text))) AS h FROM "${table}" t WHERE "tenantId" = $1`,
        [tenantId],
      );
      out[table] = `${rows[0]?.n}:${rows[0]?.h ?? '-'}`;
    }
    return out;
  });
}

/** Texts of the victim that no response to Acme may contain. The tenant's own name and slug are public (contact form). */
export function victimSecrets(v: VictimWorld): string[] {
  return [
    v.inboundSecret,
    v.inboundAlias,
    v.customer.email,
    v.customer.name,
    v.ticket.subject,
    v.messageBody,
    v.article.title,
    `VICTIMARTICLEBODY${v.tag}`,
    v.macro.name,
    `VICTIMMACROBODY${v.tag}`,
    v.view.name,
    v.category.key,
    v.category.name,
    v.tag_.name,
    v.group.name,
    v.invitation.email,
    v.apiKey.name,
    v.apiKey.prefix,
    v.draft.body,
    v.attachment.filename,
    v.usageModel,
    `VICTIMOWNER${v.tag}`,
    `victim-owner-${v.tag}@victim.test`,
    v.ticket.id,
    v.customer.id,
    v.article.id,
    v.macro.id,
    v.view.id,
    v.category.id,
    v.tag_.id,
    v.group.id,
    v.invitation.id,
    v.apiKey.id,
    v.draft.id,
    v.attachment.id,
    v.userId,
    v.membershipId,
    v.tenantId,
  ];
}

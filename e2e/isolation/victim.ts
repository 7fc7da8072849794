import { randomBytes } from 'node:crypto';
import { withClient } from '@helpdesk/testkit/pg-client';
import { insert, monthOf, NOW, sha256, Sql } from './rows';

/**
 * The victim: a tenant made here with one row of every kind a route, page or action can address by id. Every text
 * in it carries a marker (`VICTIM…<tag>`) so that any response showing its data is caught by a plain substring
 * search, whatever the shape of the response. Acme (acme.ts) is the side that probes it.
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

/** Victim ticket numbers are far above anything Acme reaches in a run, so `/tickets/<n>` is the victim's only. */
const VICTIM_TICKET_NUMBER = 987_654;
const VICTIM_CLASSIFIER_VERSION = 4_242;
export const VICTIM_SLUG = 'isolation-victim';

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
    await c.query('BEGIN');
    try {
      await insertVictim(c, v);
      await c.query('COMMIT', []);
    } catch (error) {
      await c.query('ROLLBACK');
      throw error;
    }
    return v;
  });
}

async function insertVictim(c: Parameters<typeof insert>[0], v: VictimWorld): Promise<void> {
  const { tag, tenantId } = v;
  const row = (table: string, values: Record<string, unknown>) => insert(c, table, values);
  const messageId = `iso_message_${tag}`;
  await row('Tenant', {
    id: tenantId,
    name: v.name,
    slug: v.slug,
    inboundAlias: v.inboundAlias,
    inboundSecret: v.inboundSecret,
    updatedAt: NOW,
  });
  await row('User', { id: v.userId, email: `victim-owner-${tag}@victim.test`, name: `VICTIMOWNER${tag}`, updatedAt: NOW });
  await row('Membership', { id: v.membershipId, tenantId, userId: v.userId, role: 'OWNER' });
  await row('Customer', { id: v.customer.id, tenantId, email: v.customer.email, name: v.customer.name, updatedAt: NOW });
  await row('Group', { id: v.group.id, tenantId, name: v.group.name });
  await row('Category', { id: v.category.id, tenantId, key: v.category.key, name: v.category.name });
  await row('Tag', { id: v.tag_.id, tenantId, name: v.tag_.name });
  await row('Ticket', {
    id: v.ticket.id,
    tenantId,
    number: v.ticket.number,
    subject: v.ticket.subject,
    status: 'OPEN',
    priority: 'HIGH',
    channel: 'EMAIL',
    customerId: v.customer.id,
    assigneeId: v.userId,
    groupId: v.group.id,
    categoryId: v.category.id,
    lastCustomerMessageAt: NOW,
    updatedAt: NOW,
  });
  await c.query(`UPDATE "Tenant" SET "nextTicketNumber" = $2 WHERE id = $1`, [tenantId, v.ticket.number + 1]);
  await row('TicketTag', { tenantId, ticketId: v.ticket.id, tagId: v.tag_.id });
  await row('Message', {
    id: messageId,
    tenantId,
    ticketId: v.ticket.id,
    kind: 'CUSTOMER',
    customerId: v.customer.id,
    bodyText: v.messageBody,
  });
  // Only the row: a foreign id must be refused before the store is ever read.
  await row('Attachment', {
    id: v.attachment.id,
    tenantId,
    messageId,
    filename: v.attachment.filename,
    contentType: 'text/plain',
    size: 5,
    sha256: sha256('VICTIM'),
    storageKey: `isolation/${tag}`,
  });
  await row('KnowledgeArticle', {
    id: v.article.id,
    tenantId,
    title: v.article.title,
    slug: `victim-article-${tag}`,
    bodyMarkdown: `VICTIMARTICLEBODY${tag}`,
    updatedAt: NOW,
  });
  await row('Macro', { id: v.macro.id, tenantId, name: v.macro.name, body: `VICTIMMACROBODY${tag}`, actions: '{}', updatedAt: NOW });
  await row('SavedView', { id: v.view.id, tenantId, name: v.view.name, filters: '{}' });
  await row('SlaPolicy', { id: `iso_sla_${tag}`, tenantId, priority: 'LOW', firstResponseMinutes: 4321, resolutionMinutes: 9876 });
  await row('Invitation', {
    id: v.invitation.id,
    tenantId,
    email: v.invitation.email,
    role: 'AGENT',
    tokenHash: sha256(v.invitation.token),
    invitedById: v.userId,
    expiresAt: new Sql(`now() + interval '7 days'`),
  });
  await row('ApiKey', {
    id: v.apiKey.id,
    tenantId,
    name: v.apiKey.name,
    prefix: v.apiKey.prefix,
    keyHash: sha256(`victim-key-${tag}`),
    scopes: ['tickets:read', 'tickets:write', 'customers:read'],
  });
  await row('AiDraft', {
    id: v.draft.id,
    tenantId,
    ticketId: v.ticket.id,
    contentVersion: 1,
    body: v.draft.body,
    citations: '[]',
    source: 'LOCAL',
    status: 'READY',
    modelId: 'victim-local',
    promptVersion: 'v1',
    updatedAt: NOW,
  });
  await row('ClassifierModel', {
    id: `iso_classifier_${tag}`,
    tenantId,
    version: v.classifierVersion,
    status: 'READY',
    active: false,
    labelCount: 0,
  });
  // Spend yesterday (the billing pages' default range) and in the statement's month.
  for (const [suffix, at] of [
    ['recent', new Date(Date.now() - 86_400_000).toISOString()],
    ['month', `${v.month}-15T12:00:00Z`],
  ] as const) {
    const id = `iso_usage_${suffix}_${tag}`;
    await row('UsageEvent', {
      id,
      tenantId,
      feature: 'ESCALATED_DRAFT',
      model: v.usageModel,
      provider: 'CLOUD',
      tokensIn: 1000,
      tokensOut: 1000,
      costMicros: 7777777,
      idempotencyKey: id,
      occurredAt: at,
    });
  }
  await row('Notification', {
    id: v.notification.id,
    tenantId,
    kind: 'budget.alert',
    title: v.notification.title,
    body: v.notification.title,
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

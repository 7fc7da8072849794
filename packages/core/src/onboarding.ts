import type { Db } from '@helpdesk/db';

/** The admin landing page's facts about a workspace. */
export async function adminOverview(db: Db, tenantId: string, now = new Date()) {
  const [tenant, members, pendingInvitations] = await Promise.all([
    db.tenant.findUniqueOrThrow({
      where: { id: tenantId },
      select: { name: true, slug: true, inboundAlias: true, timezone: true, createdAt: true },
    }),
    db.membership.count({ where: { tenantId } }),
    db.invitation.count({ where: { tenantId, acceptedAt: null, expiresAt: { gt: now } } }),
  ]);
  return { tenant, members, pendingInvitations };
}

export type OnboardingStep = 'categories' | 'article' | 'inbound' | 'team' | 'model';

export interface OnboardingItem {
  step: OnboardingStep;
  done: boolean;
}

/**
 * A new workspace's first steps, each ticked from the workspace's own data rather than a flag someone sets:
 * categories exist, an article is published, a mail arrived through the inbound address, a second person was
 * invited, and an admin saved the AI escalation policy (a new workspace stays local-only until then).
 */
export async function onboardingChecklist(db: Db, tenantId: string): Promise<OnboardingItem[]> {
  const [categories, articles, inbound, members, invitations, policy] = await Promise.all([
    db.category.count({ where: { tenantId, active: true } }),
    db.knowledgeArticle.count({ where: { tenantId, published: true } }),
    db.ticket.count({ where: { tenantId, channel: 'EMAIL' }, take: 1 }),
    db.membership.count({ where: { tenantId } }),
    db.invitation.count({ where: { tenantId }, take: 1 }),
    db.escalationPolicy.findUnique({ where: { tenantId }, select: { updatedById: true } }),
  ]);
  return [
    { step: 'categories', done: categories > 0 },
    { step: 'article', done: articles > 0 },
    { step: 'inbound', done: inbound > 0 },
    { step: 'team', done: members > 1 || invitations > 0 },
    { step: 'model', done: Boolean(policy?.updatedById) },
  ];
}

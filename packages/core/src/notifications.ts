import { z } from 'zod';
import { can, NotFoundError, parseInput, type Actor, type Capability, type Db } from '@helpdesk/db';

/**
 * What a kind of notification needs to be seen: a budget alert is about money, so those who may see billing get it.
 * A kind missing here is shown to every member; a notification with a userId is shown to that user only.
 */
const AUDIENCE: Record<string, Capability> = {
  'budget.alert': 'billing.view',
};

function visibleKinds(actor: Actor): { hidden: string[] } {
  return {
    hidden: Object.entries(AUDIENCE)
      .filter(([, capability]) => !can(actor, capability))
      .map(([kind]) => kind),
  };
}

function audienceWhere(actor: Actor) {
  const { hidden } = visibleKinds(actor);
  return {
    tenantId: actor.tenantId,
    OR: [{ userId: null }, ...(actor.id ? [{ userId: actor.id }] : [])],
    ...(hidden.length ? { kind: { notIn: hidden } } : {}),
  };
}

export interface NotificationItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  createdAt: Date;
  read: boolean;
}

/** The newest notifications this member may see, and how many of all of them are unread. */
export async function listNotifications(db: Db, actor: Actor, limit = 30): Promise<{ items: NotificationItem[]; unread: number }> {
  const where = audienceWhere(actor);
  const [rows, unread] = await Promise.all([
    db.notification.findMany({
      where,
      orderBy: { createdAt: 'desc' },
      take: limit,
      select: { id: true, kind: true, title: true, body: true, createdAt: true, readAt: true },
    }),
    db.notification.count({ where: { ...where, readAt: null } }),
  ]);
  return { items: rows.map(({ readAt, ...r }) => ({ ...r, read: readAt !== null })), unread };
}

export async function unreadNotificationCount(db: Db, actor: Actor): Promise<number> {
  return db.notification.count({ where: { ...audienceWhere(actor), readAt: null } });
}

export const markReadInput = z.object({ id: z.string().trim().min(1).max(64).optional() });

/**
 * Marks one notification (or, without an id, all this member may see) as read. Tenant-wide notifications are read for
 * the whole team: an alert one admin has dealt with need not stay unread for the others.
 */
export async function markNotificationsRead(db: Db, actor: Actor, raw: unknown): Promise<number> {
  const { id } = parseInput(markReadInput, raw);
  const where = { ...audienceWhere(actor), ...(id ? { id } : {}) };
  const result = await db.notification.updateMany({ where: { ...where, readAt: null }, data: { readAt: new Date() } });
  // One named notification that this member cannot see (another tenant's, another user's) is not found; one already
  // read is fine.
  if (id && result.count === 0 && (await db.notification.count({ where })) === 0) throw new NotFoundError('Notification');
  return result.count;
}

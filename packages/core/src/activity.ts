import type { ActorType, Db } from '@helpdesk/db';
import { CHANNEL_LABEL, DRAFT_SOURCE_LABEL, enumLabel, UNCATEGORISED } from './labels';

export const ACTIVITY_LIMIT = 100;

/** Names the sentences need, resolved once per ticket; an id no longer known reads as "a former member". */
export interface ActivityNames {
  users: ReadonlyMap<string, string>;
  groups: ReadonlyMap<string, string>;
  /** Category key → name; triage corrections already store names, ticket updates store keys. */
  categories: ReadonlyMap<string, string>;
}

export interface AuditRow {
  action: string;
  actorType: ActorType;
  actorId: string | null;
  entityId: string;
  changes: unknown;
}

export interface ActivityItem {
  id: string;
  at: Date;
  /** One sentence per change; an update of three fields reads as three sentences. */
  sentences: string[];
}

type Change = { from?: unknown; to?: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const asChange = (v: unknown): Change | null => (isObject(v) && 'to' in v ? (v as Change) : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

function actorName(row: Pick<AuditRow, 'actorType' | 'actorId'>, names: ActivityNames): string {
  if (row.actorType === 'USER') return (row.actorId && names.users.get(row.actorId)) || 'a former member';
  if (row.actorType === 'CUSTOMER') return 'the customer';
  if (row.actorType === 'API_KEY') return 'an API key';
  return 'the system';
}

function userName(id: unknown, names: ActivityNames): string {
  return (typeof id === 'string' && names.users.get(id)) || 'a former member';
}

function categoryName(v: unknown, names: ActivityNames): string {
  if (v === null || v === undefined || v === '') return UNCATEGORISED;
  return names.categories.get(String(v)) ?? String(v);
}

function groupName(v: unknown, names: ActivityNames): string {
  return (typeof v === 'string' && names.groups.get(v)) || 'a deleted group';
}

/** The sentences of one ticket update (`{ field: { from, to } }`), in a fixed field order. */
function updateSentences(changes: Record<string, unknown>, by: string, names: ActivityNames): string[] {
  const out: string[] = [];
  const status = asChange(changes.status);
  if (status) out.push(`Status changed from ${enumLabel(status.from)} to ${enumLabel(status.to)} by ${by}`);
  const priority = asChange(changes.priority);
  if (priority) out.push(`Priority changed from ${enumLabel(priority.from)} to ${enumLabel(priority.to)} by ${by}`);
  const assignee = asChange(changes.assigneeId);
  if (assignee) out.push(assignee.to ? `Assigned to ${userName(assignee.to, names)} by ${by}` : `Unassigned by ${by}`);
  const group = asChange(changes.groupId);
  if (group)
    out.push(
      group.to
        ? `Moved to the group ${groupName(group.to, names)} by ${by}`
        : `Removed from the group ${groupName(group.from, names)} by ${by}`,
    );
  const category = asChange(changes.category);
  if (category) out.push(`Category changed from ${categoryName(category.from, names)} to ${categoryName(category.to, names)} by ${by}`);
  const tags = asChange(changes.tags);
  if (tags) {
    const before = strings(tags.from);
    const after = strings(tags.to);
    const added = after.filter((t) => !before.includes(t));
    const removed = before.filter((t) => !after.includes(t));
    if (added.length) out.push(`${added.length === 1 ? 'Tag' : 'Tags'} ${added.join(', ')} added by ${by}`);
    if (removed.length) out.push(`${removed.length === 1 ? 'Tag' : 'Tags'} ${removed.join(', ')} removed by ${by}`);
  }
  return out;
}

/** An audit row of a ticket as sentences people read; never a raw key or JSON. */
export function describeAudit(row: AuditRow, names: ActivityNames): string[] {
  const by = actorName(row, names);
  const changes = isObject(row.changes) ? row.changes : {};
  switch (row.action) {
    case 'ticket.created': {
      const channel =
        typeof changes.channel === 'string' && changes.channel in CHANNEL_LABEL
          ? CHANNEL_LABEL[changes.channel as keyof typeof CHANNEL_LABEL]
          : null;
      const who = row.actorType === 'CUSTOMER' && typeof changes.customerEmail === 'string' ? changes.customerEmail : by;
      return [`Ticket created by ${who}${channel ? ` (${channel.toLowerCase()})` : ''}`];
    }
    case 'ticket.updated': {
      const sentences = updateSentences(changes, by, names);
      return sentences.length ? sentences : [`Ticket updated by ${by}`];
    }
    case 'message.customer':
      return [`The customer wrote`, ...updateSentences(changes, 'their message', names)];
    case 'message.reply':
      return [`Reply sent by ${by}`, ...updateSentences(changes, by, names)];
    case 'message.note':
      return [`Internal note added by ${by}`, ...updateSentences(changes, by, names)];
    case 'message.delivery_retried':
      return [`Reply delivery retried by ${by}`];
    case 'macro.applied':
      return [`Macro “${typeof changes.name === 'string' ? changes.name : 'deleted macro'}” applied by ${by}`];
    case 'triage.corrected': {
      const [field, value] = Object.entries(changes)[0] ?? [];
      const change = asChange(value);
      if (!field || !change) return [`Triage corrected by ${by}`];
      const shown =
        field === 'category'
          ? (v: unknown) => categoryName(v, names)
          : (v: unknown) => (v === null || v === undefined ? 'none' : enumLabel(v));
      return [`${enumLabel(field)} changed from ${shown(change.from)} to ${shown(change.to)} by ${by}`];
    }
    case 'ticket.linked': {
      const sender = typeof changes.sender === 'string' ? changes.sender : 'a sender';
      if (changes.newTicketId === row.entityId) {
        return [`Opened from a reply by ${sender} to ticket #${String(changes.referencedTicketNumber)}, which they are not part of`];
      }
      return [`A reply by ${sender}, who is not part of this ticket, became ticket #${String(changes.newTicketNumber)}`];
    }
    default:
      return [`${enumLabel(row.action)} by ${by}`];
  }
}

/**
 * A ticket's Activity, newest first: its audit rows plus the AI events that have their own tables (draft
 * approved or discarded, escalation to the cloud) and the SLA breach, each as sentences.
 */
export async function ticketActivity(db: Db, tenantId: string, ticketId: string, limit = ACTIVITY_LIMIT): Promise<ActivityItem[]> {
  const [audit, drafts, escalations, ticket] = await Promise.all([
    db.auditLog.findMany({ where: { tenantId, ticketId }, orderBy: { createdAt: 'desc' }, take: limit }),
    db.aiDraft.findMany({
      where: { tenantId, ticketId, status: { in: ['APPROVED', 'DISCARDED'] } },
      orderBy: { updatedAt: 'desc' },
      take: limit,
      select: { id: true, status: true, source: true, modelId: true, approvedById: true, updatedAt: true },
    }),
    db.escalationDecision.findMany({
      where: { tenantId, ticketId, escalate: true },
      orderBy: { createdAt: 'desc' },
      take: limit,
      select: { id: true, model: true, reasons: true, createdAt: true },
    }),
    db.ticket.findFirst({ where: { id: ticketId, tenantId }, select: { slaBreachedAt: true } }),
  ]);
  const userIds = new Set<string>();
  const groupIds = new Set<string>();
  for (const a of audit) {
    if (a.actorType === 'USER' && a.actorId) userIds.add(a.actorId);
    const c = isObject(a.changes) ? a.changes : {};
    for (const v of [asChange(c.assigneeId)?.from, asChange(c.assigneeId)?.to]) if (typeof v === 'string') userIds.add(v);
    for (const v of [asChange(c.groupId)?.from, asChange(c.groupId)?.to]) if (typeof v === 'string') groupIds.add(v);
  }
  for (const d of drafts) if (d.approvedById) userIds.add(d.approvedById);
  const [users, groups, categories] = await Promise.all([
    userIds.size
      ? db.membership.findMany({
          where: { tenantId, userId: { in: [...userIds] } },
          select: { user: { select: { id: true, name: true } } },
        })
      : [],
    groupIds.size ? db.group.findMany({ where: { tenantId, id: { in: [...groupIds] } }, select: { id: true, name: true } }) : [],
    db.category.findMany({ where: { tenantId }, select: { key: true, name: true } }),
  ]);
  const names: ActivityNames = {
    users: new Map(users.map((m) => [m.user.id, m.user.name])),
    groups: new Map(groups.map((g) => [g.id, g.name])),
    categories: new Map(categories.map((c) => [c.key, c.name])),
  };
  const items: ActivityItem[] = [
    ...audit.map((a) => ({ id: a.id, at: a.createdAt, sentences: describeAudit(a, names) })),
    ...drafts.map((d) => ({
      id: `draft-${d.id}`,
      at: d.updatedAt,
      sentences: [
        d.status === 'APPROVED'
          ? `${DRAFT_SOURCE_LABEL[d.source]} draft approved by ${userName(d.approvedById, names)}`
          : `${DRAFT_SOURCE_LABEL[d.source]} draft discarded`,
      ],
    })),
    ...escalations.map((e) => {
      const reasons = strings(e.reasons);
      return {
        id: `escalation-${e.id}`,
        at: e.createdAt,
        sentences: [`Escalated to the cloud model${e.model ? ` ${e.model}` : ''}${reasons.length ? `: ${reasons.join('; ')}` : ''}`],
      };
    }),
    ...(ticket?.slaBreachedAt ? [{ id: 'sla-breached', at: ticket.slaBreachedAt, sentences: ['SLA breached'] }] : []),
  ];
  return items.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
}

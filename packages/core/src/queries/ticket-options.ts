import { rolesWith, type Db } from '@helpdesk/db';

/** The choices the ticket controls, bulk actions and admin pages offer: one query per kind, all tenant-scoped. */
export async function ticketOptions(db: Db, tenantId: string) {
  const [members, groups, categories, tags, macros] = await Promise.all([
    db.membership.findMany({
      where: { tenantId, role: { in: rolesWith('tickets.update') } },
      select: { user: { select: { id: true, name: true } } },
    }),
    db.group.findMany({ where: { tenantId }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    db.category.findMany({ where: { tenantId, active: true }, orderBy: { name: 'asc' }, select: { id: true, key: true, name: true } }),
    db.tag.findMany({ where: { tenantId }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    db.macro.findMany({ where: { tenantId }, orderBy: { name: 'asc' }, select: { id: true, name: true } }),
  ]);
  return { agents: members.map((m) => m.user).sort((a, b) => a.name.localeCompare(b.name)), groups, categories, tags, macros };
}

export type TicketOptions = Awaited<ReturnType<typeof ticketOptions>>;

import { z } from 'zod';
import { Priority, TicketStatus, type Actor, type Db, type SlaPolicy, type SystemClient, type Ticket, type Tenant } from '@helpdesk/db';
import { NotFoundError } from '@helpdesk/db';
import { writeAudit } from './audit';
import { addBusinessMinutes, businessHoursSchema } from './business-hours';
import { requireRole } from './permissions';
import { AT_RISK_WINDOW_MINUTES } from './queries/ticket-filters';

export const slaPolicyInput = z.object({
  priority: z.enum(Priority),
  firstResponseMinutes: z.number().int().min(1).max(60 * 24 * 90),
  resolutionMinutes: z.number().int().min(1).max(60 * 24 * 365),
  businessHoursOnly: z.boolean().default(false),
});
export type SlaPolicyInput = z.input<typeof slaPolicyInput>;

export async function listSlaPolicies(db: Db, tenantId: string): Promise<SlaPolicy[]> {
  return db.slaPolicy.findMany({ where: { tenantId }, orderBy: { priority: 'asc' } });
}

/** One policy per priority: saving a priority's policy replaces the previous one. */
export async function saveSlaPolicy(db: Db, actor: Actor, input: SlaPolicyInput): Promise<SlaPolicy> {
  requireRole(actor, ['OWNER', 'ADMIN']);
  const data = slaPolicyInput.parse(input);
  const tenantId = actor.tenantId;
  return db.$transaction(async (tx) => {
    const policy = await tx.slaPolicy.upsert({ where: { tenantId_priority: { tenantId, priority: data.priority } }, create: { tenantId, ...data }, update: data });
    await writeAudit(tx, actor, { entityType: 'SlaPolicy', entityId: policy.id, action: 'sla_policy.saved', changes: data });
    return policy;
  });
}

export async function deleteSlaPolicy(db: Db, actor: Actor, priority: Priority): Promise<void> {
  requireRole(actor, ['OWNER', 'ADMIN']);
  const tenantId = actor.tenantId;
  await db.$transaction(async (tx) => {
    const policy = await tx.slaPolicy.findFirst({ where: { tenantId, priority } });
    if (!policy) throw new NotFoundError('SLA policy');
    await tx.slaPolicy.delete({ where: { id: policy.id, tenantId } });
    await writeAudit(tx, actor, { entityType: 'SlaPolicy', entityId: policy.id, action: 'sla_policy.deleted', changes: { priority } });
  });
}

export function slaDueDates(
  policy: Pick<SlaPolicy, 'firstResponseMinutes' | 'resolutionMinutes' | 'businessHoursOnly'> | null,
  tenant: Pick<Tenant, 'businessHours' | 'timezone'>,
  from: Date,
): { firstResponseDueAt: Date | null; resolutionDueAt: Date | null } {
  if (!policy) return { firstResponseDueAt: null, resolutionDueAt: null };
  const hours = policy.businessHoursOnly ? businessHoursSchema.safeParse(tenant.businessHours) : null;
  const add = (minutes: number) =>
    hours?.success ? addBusinessMinutes(from, minutes, hours.data, tenant.timezone) : new Date(from.getTime() + minutes * 60_000);
  return { firstResponseDueAt: add(policy.firstResponseMinutes), resolutionDueAt: add(policy.resolutionMinutes) };
}

export type SlaTarget = 'first_response' | 'resolution';
export type SlaStatus =
  | { state: 'none' }
  | { state: 'ok' | 'at_risk' | 'breached'; target: SlaTarget; dueAt: Date; remainingMs: number };

export function slaState(
  ticket: Pick<Ticket, 'status' | 'firstResponseDueAt' | 'resolutionDueAt' | 'firstRespondedAt' | 'slaBreachedAt'>,
  now: Date,
): SlaStatus {
  if (ticket.status === TicketStatus.SOLVED || ticket.status === TicketStatus.CLOSED) return { state: 'none' };
  const target: SlaTarget | null = !ticket.firstRespondedAt && ticket.firstResponseDueAt ? 'first_response' : ticket.resolutionDueAt ? 'resolution' : null;
  const dueAt = target === 'first_response' ? ticket.firstResponseDueAt : ticket.resolutionDueAt;
  if (!target || !dueAt) return { state: 'none' };
  const remainingMs = dueAt.getTime() - now.getTime();
  const state = remainingMs <= 0 || ticket.slaBreachedAt ? 'breached' : remainingMs <= AT_RISK_WINDOW_MINUTES * 60_000 ? 'at_risk' : 'ok';
  return { state, target, dueAt, remainingMs };
}

/** Cross-tenant sweep: flags each open ticket past a due date once, with an audit row saying which. */
export async function sweepSla(systemDb: SystemClient, now: Date = new Date()): Promise<number> {
  return systemDb.$transaction(async (tx) => {
    const breached = await tx.$queryRaw<{ id: string; tenantId: string; target: SlaTarget }[]>`
      UPDATE "Ticket" SET "slaBreachedAt" = ${now}, "updatedAt" = ${now}
       WHERE "slaBreachedAt" IS NULL
         AND status IN ('NEW', 'OPEN', 'PENDING', 'ON_HOLD')
         AND (("firstRespondedAt" IS NULL AND "firstResponseDueAt" < ${now}) OR "resolutionDueAt" < ${now})
      RETURNING id, "tenantId",
        CASE WHEN "firstRespondedAt" IS NULL AND "firstResponseDueAt" < ${now} THEN 'first_response' ELSE 'resolution' END AS target`;
    if (breached.length > 0) {
      await tx.auditLog.createMany({
        data: breached.map((t) => ({
          tenantId: t.tenantId, actorType: 'SYSTEM' as const, entityType: 'Ticket', entityId: t.id, ticketId: t.id, action: 'sla.breached', changes: { target: t.target },
        })),
      });
    }
    return breached.length;
  });
}

/** Closes tickets left SOLVED longer than their tenant's autoCloseDays. */
export async function autoCloseSolved(systemDb: SystemClient, now: Date = new Date()): Promise<number> {
  return systemDb.$transaction(async (tx) => {
    const closed = await tx.$queryRaw<{ id: string; tenantId: string }[]>`
      UPDATE "Ticket" t SET status = 'CLOSED', "closedAt" = ${now}, "updatedAt" = ${now}
        FROM "Tenant" tn
       WHERE t."tenantId" = tn.id AND t.status = 'SOLVED' AND tn."autoCloseDays" > 0
         AND t."solvedAt" < ${now}::timestamp - make_interval(days => tn."autoCloseDays")
      RETURNING t.id, t."tenantId"`;
    if (closed.length > 0) {
      await tx.auditLog.createMany({
        data: closed.map((t) => ({
          tenantId: t.tenantId, actorType: 'SYSTEM' as const, entityType: 'Ticket', entityId: t.id, ticketId: t.id, action: 'ticket.auto_closed', changes: { status: { from: 'SOLVED', to: 'CLOSED' } },
        })),
      });
    }
    return closed.length;
  });
}

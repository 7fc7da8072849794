import { z } from 'zod';
import { Priority, type Actor, type Db, type SlaPolicy, type SystemClient, type Tenant } from '@helpdesk/db';
import { NotFoundError } from '@helpdesk/db';
import { writeAudit } from './audit';
import { addBusinessMinutes, businessHoursSchema } from './business-hours';
import { requireRole } from './permissions';
import { sweepTenantsInBatches, type SweepOptions, type SweepResult } from './batched-sweep';
import { breachedTargetSql, pastDueSql } from './sla-state';

export const slaPolicyInput = z.object({
  priority: z.enum(Priority),
  firstResponseMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 90),
  resolutionMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 365),
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
    const policy = await tx.slaPolicy.upsert({
      where: { tenantId_priority: { tenantId, priority: data.priority } },
      create: { tenantId, ...data },
      update: data,
    });
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

/** Cross-tenant sweep: flags each active ticket past a due date once, with an audit row saying which. */
export async function sweepSla(systemDb: SystemClient, now: Date = new Date(), options: SweepOptions = {}): Promise<SweepResult> {
  const due = pastDueSql(now);
  const tenants = await systemDb.$queryRaw<{ id: string }[]>`
    SELECT tn.id FROM "Tenant" tn
     WHERE EXISTS (SELECT 1 FROM "Ticket" t WHERE t."tenantId" = tn.id AND t."slaBreachedAt" IS NULL AND ${due})`;
  return sweepTenantsInBatches(
    tenants.map((t) => t.id),
    async (tenantId, limit) => {
      // One statement: rows locked by an agent's edit are skipped (the next run takes them), and the audit
      // rows are written by the database rather than shipped through JavaScript.
      const [row] = await systemDb.$queryRaw<{ n: number }[]>`
        WITH picked AS (
          SELECT t.id, ${breachedTargetSql(now)} AS target
            FROM "Ticket" t
           WHERE t."tenantId" = ${tenantId} AND t."slaBreachedAt" IS NULL AND ${due}
           LIMIT ${limit}
           FOR UPDATE SKIP LOCKED
        ), flagged AS (
          UPDATE "Ticket" t SET "slaBreachedAt" = ${now}, "updatedAt" = ${now}
            FROM picked p
           WHERE t.id = p.id AND t."tenantId" = ${tenantId}
          RETURNING t.id, p.target
        ), audited AS (
          INSERT INTO "AuditLog" (id, "tenantId", "actorType", "entityType", "entityId", "ticketId", action, changes, "createdAt")
          SELECT gen_random_uuid()::text, ${tenantId}, 'SYSTEM'::"ActorType", 'Ticket', f.id, f.id, 'sla.breached', jsonb_build_object('target', f.target), ${now}
            FROM flagged f
          RETURNING 1
        )
        SELECT count(*)::int AS n FROM audited`;
      return row?.n ?? 0;
    },
    options,
  );
}

/** Closes tickets left SOLVED longer than their tenant's autoCloseDays. */
export async function autoCloseSolved(systemDb: SystemClient, now: Date = new Date(), options: SweepOptions = {}): Promise<SweepResult> {
  const tenants = await systemDb.$queryRaw<{ id: string }[]>`
    SELECT tn.id FROM "Tenant" tn
     WHERE tn."autoCloseDays" > 0
       AND EXISTS (SELECT 1 FROM "Ticket" t WHERE t."tenantId" = tn.id AND t.status = 'SOLVED'
                     AND t."solvedAt" < ${now}::timestamp - make_interval(days => tn."autoCloseDays"))`;
  return sweepTenantsInBatches(
    tenants.map((t) => t.id),
    async (tenantId, limit) => {
      const [row] = await systemDb.$queryRaw<{ n: number }[]>`
        WITH picked AS (
          SELECT t.id FROM "Ticket" t JOIN "Tenant" tn ON tn.id = t."tenantId"
           WHERE t."tenantId" = ${tenantId} AND t.status = 'SOLVED'
             AND t."solvedAt" < ${now}::timestamp - make_interval(days => tn."autoCloseDays")
           LIMIT ${limit}
           FOR UPDATE OF t SKIP LOCKED
        ), closed AS (
          UPDATE "Ticket" t SET status = 'CLOSED', "closedAt" = ${now}, "updatedAt" = ${now}
            FROM picked p
           WHERE t.id = p.id AND t."tenantId" = ${tenantId}
          RETURNING t.id
        ), audited AS (
          INSERT INTO "AuditLog" (id, "tenantId", "actorType", "entityType", "entityId", "ticketId", action, changes, "createdAt")
          SELECT gen_random_uuid()::text, ${tenantId}, 'SYSTEM'::"ActorType", 'Ticket', c.id, c.id, 'ticket.auto_closed',
                 '{"status":{"from":"SOLVED","to":"CLOSED"}}'::jsonb, ${now}
            FROM closed c
          RETURNING 1
        )
        SELECT count(*)::int AS n FROM audited`;
      return row?.n ?? 0;
    },
    options,
  );
}

import { z } from 'zod';
import {
  NotFoundError,
  parseInput,
  requireAgent,
  requireCapability,
  conflictOnDuplicate,
  type Actor,
  type Db,
  type Macro,
  type Ticket,
} from '@helpdesk/db';
import { writeAudit } from './audit';
import { tagNameSchema } from './tags';
import { applyTicketChanges, lockTicket, ticketChangesSchema } from './ticket-update';

/** A macro's actions are ticket changes (the same fields, checked alike when applied), with fewer tags at a time. */
const macroTags = z.array(tagNameSchema).max(20).optional();
export const macroActionsSchema = ticketChangesSchema
  .pick({ status: true, priority: true, assigneeId: true })
  .extend({ addTags: macroTags, removeTags: macroTags });
export type MacroActions = z.output<typeof macroActionsSchema>;

export const macroInput = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  body: z.string().max(20_000).default(''),
  actions: macroActionsSchema.default({}),
});
export type MacroInput = z.input<typeof macroInput>;

const uniqueName = <T>(run: Promise<T>) => conflictOnDuplicate(run, 'A macro with this name exists', 'name');

export async function listMacros(db: Db, tenantId: string): Promise<Macro[]> {
  return db.macro.findMany({ where: { tenantId }, orderBy: { name: 'asc' } });
}

export async function createMacro(db: Db, actor: Actor, input: MacroInput): Promise<Macro> {
  requireCapability(actor, 'admin.settings');
  const data = parseInput(macroInput, input);
  const tenantId = actor.tenantId;
  return uniqueName(
    db.$transaction(async (tx) => {
      const macro = await tx.macro.create({ data: { tenantId, ...data, createdById: actor.type === 'USER' ? actor.id : null } });
      await writeAudit(tx, actor, { entityType: 'Macro', entityId: macro.id, action: 'macro.created', changes: { name: data.name } });
      return macro;
    }),
  );
}

export async function updateMacro(db: Db, actor: Actor, macroId: string, input: Partial<MacroInput>): Promise<Macro> {
  requireCapability(actor, 'admin.settings');
  const data = parseInput(macroInput.partial(), input);
  const tenantId = actor.tenantId;
  return uniqueName(
    db.$transaction(async (tx) => {
      const before = await tx.macro.findFirst({ where: { id: macroId, tenantId } });
      if (!before) throw new NotFoundError('Macro');
      const macro = await tx.macro.update({ where: { id: macroId, tenantId }, data });
      await writeAudit(tx, actor, {
        entityType: 'Macro',
        entityId: macro.id,
        action: 'macro.updated',
        changes: { fields: Object.keys(data) },
      });
      return macro;
    }),
  );
}

export async function deleteMacro(db: Db, actor: Actor, macroId: string): Promise<void> {
  requireCapability(actor, 'admin.settings');
  const tenantId = actor.tenantId;
  await db.$transaction(async (tx) => {
    const { count } = await tx.macro.deleteMany({ where: { id: macroId, tenantId } });
    if (count === 0) throw new NotFoundError('Macro');
    await writeAudit(tx, actor, { entityType: 'Macro', entityId: macroId, action: 'macro.deleted' });
  });
}

/** Unknown placeholders stay as typed, so a typo is visible in the composer rather than silently blank. */
export function renderMacroBody(body: string, vars: Record<string, string>): string {
  return body.replace(/\{\{\s*([a-z]+\.[a-z]+)\s*\}\}/gi, (whole, key: string) => vars[key.toLowerCase()] ?? whole);
}

/**
 * Applies a macro's actions to a ticket and returns its body rendered for the composer; the agent
 * reviews and sends it as a reply. Actions and their audit rows commit together.
 */
export async function applyMacro(db: Db, actor: Actor, ticketId: string, macroId: string): Promise<{ body: string; ticket: Ticket }> {
  requireAgent(actor);
  const tenantId = actor.tenantId;
  return db.$transaction(async (tx) => {
    const macro = await tx.macro.findFirst({ where: { id: macroId, tenantId } });
    if (!macro) throw new NotFoundError('Macro');
    const actions = macroActionsSchema.parse(macro.actions);
    const ticket = await lockTicket(tx, tenantId, ticketId);
    const customer = await tx.customer.findFirstOrThrow({
      where: { id: ticket.customerId, tenantId },
      select: { name: true, email: true },
    });
    const agent = actor.type === 'USER' && actor.id ? await tx.user.findUnique({ where: { id: actor.id }, select: { name: true } }) : null;
    const body = renderMacroBody(macro.body, {
      'customer.name': customer.name ?? customer.email,
      'customer.email': customer.email,
      'ticket.number': String(ticket.number),
      'ticket.subject': ticket.subject,
      'agent.name': agent?.name ?? actor.name ?? 'Support',
    });
    const updated = await applyTicketChanges(tx, actor, ticket, actions);
    await writeAudit(tx, actor, {
      entityType: 'Macro',
      entityId: macro.id,
      ticketId,
      action: 'macro.applied',
      changes: { name: macro.name },
    });
    return { body, ticket: updated };
  });
}

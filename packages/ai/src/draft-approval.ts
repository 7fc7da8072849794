import { z } from 'zod';
import { addMessageTx, messageFields, writeAudit } from '@helpdesk/core';
import { draftEditDistance } from '@helpdesk/core/edit-distance';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  Priority,
  Sentiment,
  can,
  parseInput,
  type Actor,
  type AiDraft,
  type Db,
  type Message,
} from '@helpdesk/db';

function assertAgent(actor: Actor): void {
  if (!can(actor, 'ai.review')) throw new ForbiddenError('Only agents can review AI suggestions');
}

export const triageCorrectionInput = z.discriminatedUnion('field', [
  z.object({ ticketId: z.string().min(1), field: z.literal('category'), value: z.string().trim().min(1, 'is required').max(100) }),
  z.object({ ticketId: z.string().min(1), field: z.literal('priority'), value: z.enum(Priority) }),
  z.object({ ticketId: z.string().min(1), field: z.literal('sentiment'), value: z.enum(Sentiment) }),
]);
export type TriageCorrection = z.input<typeof triageCorrectionInput>;

/**
 * An agent overrides a triage chip: stored as a TriageLabel (the classifier's training data); category
 * and priority also change the ticket itself. The ticket's Activity records it, categories by name.
 */
export async function correctTriage(db: Db, actor: Actor, raw: TriageCorrection): Promise<void> {
  assertAgent(actor);
  const input = parseInput(triageCorrectionInput, raw);
  const tenantId = actor.tenantId;
  await db.$transaction(async (tx) => {
    const ticket = await tx.ticket.findFirst({
      where: { id: input.ticketId, tenantId },
      select: { id: true, priority: true, category: { select: { key: true } } },
    });
    if (!ticket) throw new NotFoundError('ticket');
    const triage = await tx.triageResult.findFirst({ where: { tenantId, ticketId: ticket.id }, orderBy: { contentVersion: 'desc' } });
    let fromValue: string | null = null;
    if (input.field === 'category') {
      const category = await tx.category.findFirst({ where: { tenantId, key: input.value, active: true } });
      if (!category) throw new NotFoundError('category');
      fromValue = triage?.categoryKey ?? ticket.category?.key ?? null;
      await tx.ticket.update({ where: { id: ticket.id, tenantId }, data: { categoryId: category.id } });
    } else if (input.field === 'priority') {
      fromValue = triage?.priority ?? ticket.priority;
      await tx.ticket.update({ where: { id: ticket.id, tenantId }, data: { priority: input.value } });
    } else {
      fromValue = triage?.sentiment ?? null;
    }
    await tx.triageLabel.create({
      data: {
        tenantId,
        ticketId: ticket.id,
        field: input.field,
        fromValue,
        toValue: input.value,
        userId: actor.type === 'USER' ? actor.id : null,
      },
    });
    // Names as they were at the time: the Activity reads "from Billing to Login" even after a category is renamed.
    const names =
      input.field === 'category'
        ? new Map(
            (
              await tx.category.findMany({
                where: { tenantId, key: { in: [input.value, ...(fromValue ? [fromValue] : [])] } },
                select: { key: true, name: true },
              })
            ).map((c) => [c.key, c.name]),
          )
        : new Map<string, string>();
    const shown = (v: string | null) => (v === null ? null : (names.get(v) ?? v));
    await writeAudit(tx, actor, {
      entityType: 'Ticket',
      entityId: ticket.id,
      ticketId: ticket.id,
      action: 'triage.corrected',
      changes: { [input.field]: { from: shown(fromValue), to: shown(input.value) } },
    });
  });
}

export const approveDraftInput = messageFields.pick({ status: true, expectedLastMessageId: true }).extend({
  draftId: z.string().min(1),
  body: z.string().trim().min(1, 'is required').max(100_000, 'must be at most 100,000 characters'),
  /** The composer's rich text; `body` stays its plain text, the part compared with the draft. */
  bodyHtml: z.string().max(500_000, 'must be at most 500,000 characters').optional(),
});

const REVIEWABLE = new Set(['READY', 'PENDING']);

/** Sends the (possibly edited) draft as the agent's reply, once: a second approval finds it APPROVED. */
export async function approveDraft(
  db: Db,
  actor: Actor,
  raw: z.input<typeof approveDraftInput>,
): Promise<{ draft: AiDraft; message: Message }> {
  assertAgent(actor);
  const input = parseInput(approveDraftInput, raw);
  const tenantId = actor.tenantId;
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string; status: string; ticketId: string; body: string }[]>`
      SELECT id, status::text AS status, "ticketId", body FROM "AiDraft" WHERE id = ${input.draftId} AND "tenantId" = ${tenantId} FOR UPDATE`;
    if (!locked) throw new NotFoundError('draft');
    if (!REVIEWABLE.has(locked.status)) throw new ConflictError(`The draft is already ${locked.status.toLowerCase()}`, 'draftId');
    const message = await addMessageTx(tx, actor, {
      ticketId: locked.ticketId,
      kind: 'REPLY',
      bodyText: input.body,
      ...(input.bodyHtml ? { bodyHtml: input.bodyHtml } : {}),
      // Sent from the composer, an approved draft is a reply like any other: the status the agent picked applies,
      // and a thread that moved on since the agent last looked refuses it.
      ...(input.status ? { status: input.status } : {}),
      ...(input.expectedLastMessageId ? { expectedLastMessageId: input.expectedLastMessageId } : {}),
      draftId: locked.id,
    });
    // Measured against the text the customer receives, before `body` becomes that text: the leads' AI report
    // reads how much reviewers changed each source's drafts from these two columns.
    const edit = draftEditDistance(locked.body, message.bodyText);
    const draft = await tx.aiDraft.update({
      where: { id: locked.id, tenantId },
      data: {
        status: 'APPROVED',
        body: input.body,
        approvedById: actor.type === 'USER' ? actor.id : null,
        messageId: message.id,
        sentEditDistance: edit.distance,
        sentEditRatio: edit.ratio,
      },
    });
    return { draft, message };
  });
}

export async function discardDraft(db: Db, actor: Actor, draftId: string): Promise<AiDraft> {
  assertAgent(actor);
  const draft = await db.aiDraft.findFirst({ where: { id: draftId, tenantId: actor.tenantId } });
  if (!draft) throw new NotFoundError('draft');
  if (!REVIEWABLE.has(draft.status)) throw new ConflictError(`The draft is already ${draft.status.toLowerCase()}`, 'draftId');
  return db.aiDraft.update({ where: { id: draftId, tenantId: actor.tenantId }, data: { status: 'DISCARDED' } });
}

/** Everything the ticket page's AI panel shows, for the ticket's latest content version that has results. */
export async function aiPanelData(db: Db, tenantId: string, ticketId: string) {
  const where = { tenantId, ticketId };
  const latest = { orderBy: { contentVersion: 'desc' as const } };
  const [ticket, triage, retrieval, draft, summary, decision, categories, labels] = await Promise.all([
    db.ticket.findFirst({ where: { id: ticketId, tenantId }, select: { contentVersion: true } }),
    db.triageResult.findFirst({ where, ...latest }),
    db.retrievalResult.findFirst({ where, ...latest }),
    db.aiDraft.findFirst({ where, ...latest }),
    db.threadSummary.findFirst({ where, ...latest }),
    db.escalationDecision.findFirst({ where, ...latest }),
    db.category.findMany({ where: { tenantId, active: true }, orderBy: { name: 'asc' }, select: { key: true, name: true } }),
    db.triageLabel.findMany({ where, orderBy: { createdAt: 'desc' }, take: 20, select: { field: true, toValue: true, createdAt: true } }),
  ]);
  // An agent's correction stands over the triage it corrected; a later triage (new customer message) replaces both.
  const corrections: Partial<Record<'category' | 'priority' | 'sentiment', string>> = {};
  for (const label of labels) {
    const field = label.field as keyof typeof corrections;
    if (triage && label.createdAt >= triage.createdAt && corrections[field] === undefined) corrections[field] = label.toValue;
  }
  return { contentVersion: ticket?.contentVersion ?? null, triage, retrieval, draft, summary, decision, categories, corrections };
}

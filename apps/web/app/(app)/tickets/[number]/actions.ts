'use server';

import { revalidatePath } from 'next/cache';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { addMessage, applyMacro, requeueFailedReply, updateTicket } from '@helpdesk/core';
import { DomainError, NotFoundError, Priority, TicketStatus } from '@helpdesk/db';
import { runJobAgain } from '@helpdesk/jobs';
import { db, redis } from '@/lib/clients';
import { failure, invalid, type FormState } from '@/lib/form-state';
import { memberActor, requireMember } from '@/lib/session';

const AGENTS = ['OWNER', 'ADMIN', 'AGENT'] as const;
const id = z.string().min(1).max(64);

const messageForm = z.object({
  ticketId: id,
  number: z.coerce.number().int().positive(),
  kind: z.enum(['REPLY', 'NOTE'], { error: 'Choose reply or note' }),
  bodyText: z.string().trim().min(1, 'Write a message first').max(100_000),
  status: z.union([z.literal(''), z.enum(TicketStatus)]).default(''),
  expectedLastMessageId: z.string().max(64).default(''),
});

/** Sends a reply (mailed to the customer by the outbox) or adds an internal note; refuses a stale thread. */
export async function sendMessageAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember(AGENTS);
  const parsed = messageForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return invalid(parsed.error);
  const { ticketId, number, kind, bodyText, status, expectedLastMessageId } = parsed.data;
  try {
    await addMessage(db(), memberActor(member), {
      ticketId,
      kind,
      bodyText,
      ...(status && kind === 'REPLY' ? { status } : {}),
      ...(expectedLastMessageId ? { expectedLastMessageId } : {}),
    });
    revalidatePath(`/tickets/${number}`);
    return { ok: true, message: kind === 'REPLY' ? 'Reply sent' : 'Note added' };
  } catch (error) {
    return failure(error);
  }
}

const ticketForm = z.object({
  ticketId: id,
  number: z.coerce.number().int().positive(),
  assigneeId: z.string().max(64),
  groupId: z.string().max(64),
  categoryKey: z.string().max(100),
  status: z.enum(TicketStatus, { error: 'Choose a status' }),
  priority: z.enum(Priority, { error: 'Choose a priority' }),
  tags: z.string().max(2000),
});

/** Saves the sidebar controls; the domain only applies and audits what actually changed. */
export async function updateTicketAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember(AGENTS);
  const parsed = ticketForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return invalid(parsed.error);
  const { ticketId, number, assigneeId, groupId, categoryKey, status, priority, tags } = parsed.data;
  try {
    await updateTicket(db(), memberActor(member), ticketId, {
      assigneeId: assigneeId || null,
      groupId: groupId || null,
      categoryKey: categoryKey || null,
      status,
      priority,
      tags: [...new Set(tags.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))],
    });
    revalidatePath(`/tickets/${number}`);
    return { ok: true, message: 'Saved' };
  } catch (error) {
    return failure(error);
  }
}

/** Runs a macro's actions and hands its rendered body back to the composer for review. */
export async function applyMacroAction(ticketId: string, macroId: string, number: number): Promise<FormState & { body?: string; status?: TicketStatus }> {
  const member = await requireMember(AGENTS);
  const parsed = z.object({ ticketId: id, macroId: id }).safeParse({ ticketId, macroId });
  if (!parsed.success) return invalid(parsed.error);
  try {
    const { body, ticket } = await applyMacro(db(), memberActor(member), parsed.data.ticketId, parsed.data.macroId);
    revalidatePath(`/tickets/${number}`);
    return { ok: true, body, status: ticket.status };
  } catch (error) {
    return failure(error);
  }
}

/** The `e` shortcut: mark the ticket solved. */
export async function solveTicketAction(ticketId: string, number: number): Promise<FormState> {
  const member = await requireMember(AGENTS);
  try {
    await updateTicket(db(), memberActor(member), id.parse(ticketId), { status: 'SOLVED' });
    revalidatePath(`/tickets/${number}`);
    return { ok: true, message: 'Solved' };
  } catch (error) {
    return failure(error);
  }
}

/** The Retry button of a failed reply: marks it queued again and runs its mail job now. */
export async function retryDeliveryAction(form: FormData): Promise<void> {
  const member = await requireMember(AGENTS);
  const parsed = z.object({ messageId: id, number: z.coerce.number().int().positive() }).safeParse(Object.fromEntries(form));
  if (!parsed.success) return;
  try {
    const message = await requeueFailedReply(db(), memberActor(member), parsed.data.messageId);
    await runJobAgain(redis(), 'mail', { tenantId: message.tenantId, messageId: message.id });
  } catch (error) {
    // Another tenant's (or no such) reply answers not found, like every other id this page does not own.
    if (error instanceof NotFoundError) notFound();
    // Already queued or sent meanwhile (a ConflictError): the page shows the current status either way.
    if (!(error instanceof DomainError)) throw error;
  }
  revalidatePath(`/tickets/${parsed.data.number}`);
}

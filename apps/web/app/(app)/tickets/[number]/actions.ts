'use server';

import { notFound } from 'next/navigation';
import { z } from 'zod';
import { addMessage, applyMacro, htmlToText, requeueFailedReply, updateTicket } from '@helpdesk/core';
import { sanitizeMessageHtml, sanitizeReplyHtml } from '@helpdesk/core/sanitize';
import { approveDraft } from '@helpdesk/ai/draft-approval';
import { ConflictError, NotFoundError, Priority, TicketStatus } from '@helpdesk/db';
import { runJobAgain } from '@helpdesk/jobs';
import { db, redis } from '@/lib/clients';
import { memberAction } from '@/lib/action';
import type { FormState } from '@/lib/form-state';

const id = z.string().min(1).max(64);

const messageForm = z
  .object({
    ticketId: id,
    number: z.coerce.number().int().positive(),
    kind: z.enum(['REPLY', 'NOTE'], { error: 'Choose reply or note' }),
    /** The composer's HTML: a proposal only, sanitised (and its text part written) on the server. */
    bodyHtml: z.string().max(500_000, 'The message is too long').default(''),
    /** Plain text, for a form without the editor (scripts off). */
    bodyText: z.string().trim().max(100_000, 'The message is too long').default(''),
    status: z.union([z.literal(''), z.enum(TicketStatus)]).default(''),
    expectedLastMessageId: z.string().max(64).default(''),
    /** Set when the agent loaded an AI draft: sending approves it with their edits. */
    draftId: z.string().max(64).default(''),
  })
  .transform((form) => ({
    ...form,
    bodyHtml: form.bodyHtml && (form.kind === 'REPLY' ? sanitizeReplyHtml : sanitizeMessageHtml)(form.bodyHtml),
  }))
  // Judged on what would be stored: markup with no text left after sanitising (an empty paragraph, a lone script) is no message.
  .refine((form) => form.bodyText || htmlToText(form.bodyHtml), { message: 'Write a message first', path: ['bodyHtml'] });

/** Sends a reply (mailed to the customer by the outbox) or adds an internal note; refuses a stale thread. */
export async function sendMessageAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction(
    'tickets.reply',
    { input: messageForm, revalidate: (data) => `/tickets/${data.number}` },
    form,
    async (data, { actor }) => {
      const { ticketId, kind, bodyHtml, bodyText, status, expectedLastMessageId, draftId } = data;
      // What a reply carries whether typed or an approved draft: the status the agent picked, the thread they saw.
      const reply = {
        ...(bodyHtml ? { bodyHtml } : {}),
        ...(status && kind === 'REPLY' ? { status } : {}),
        ...(expectedLastMessageId ? { expectedLastMessageId } : {}),
      };
      if (draftId && kind === 'REPLY') {
        // The draft's text part is what its approval records (and what the edit distance compares).
        await approveDraft(db(), actor, { draftId, body: bodyText || htmlToText(bodyHtml), ...reply });
        return { message: 'Reply sent' };
      }
      await addMessage(db(), actor, { ticketId, kind, bodyText, ...reply });
      return { message: kind === 'REPLY' ? 'Reply sent' : 'Note added' };
    },
  );
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

const ticketPage = (data: { number: number }) => `/tickets/${data.number}`;

/** Saves the sidebar controls; the domain only applies and audits what actually changed (and names a bad tag). */
export async function updateTicketAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('tickets.update', { input: ticketForm, revalidate: ticketPage }, form, async (data, { actor }) => {
    const { ticketId, assigneeId, groupId, categoryKey, status, priority, tags } = data;
    await updateTicket(db(), actor, ticketId, {
      assigneeId: assigneeId || null,
      groupId: groupId || null,
      categoryKey: categoryKey || null,
      status,
      priority,
      tags: [
        ...new Set(
          tags
            .split(',')
            .map((t) => t.trim().toLowerCase())
            .filter(Boolean),
        ),
      ],
    });
    return { message: 'Saved' };
  });
}

const macroForm = z.object({ ticketId: id, macroId: id, number: z.number().int().positive() });

/** Runs a macro's actions and hands its rendered body back to the composer for review. */
export async function applyMacroAction(
  ticketId: string,
  macroId: string,
  number: number,
): Promise<FormState & { body?: string; status?: TicketStatus }> {
  return memberAction(
    'tickets.update',
    { input: macroForm, revalidate: ticketPage },
    { ticketId, macroId, number },
    async (data, { actor }) => {
      const { body, ticket } = await applyMacro(db(), actor, data.ticketId, data.macroId);
      return { body, status: ticket.status };
    },
  );
}

const solveForm = z.object({ ticketId: id, number: z.number().int().positive() });

/** The `e` shortcut: mark the ticket solved. */
export async function solveTicketAction(ticketId: string, number: number): Promise<FormState> {
  return memberAction('tickets.update', { input: solveForm, revalidate: ticketPage }, { ticketId, number }, async (data, { actor }) => {
    await updateTicket(db(), actor, data.ticketId, { status: 'SOLVED' });
    return { message: 'Solved' };
  });
}

const retryForm = z.object({ messageId: id, number: z.coerce.number().int().positive() });

/** The Retry button of a failed reply: marks it queued again and runs its mail job now. */
export async function retryDeliveryAction(form: FormData): Promise<void> {
  await memberAction('tickets.reply', { input: retryForm, revalidate: ticketPage }, form, async (data, { actor }) => {
    try {
      const message = await requeueFailedReply(db(), actor, data.messageId);
      await runJobAgain(redis(), 'mail', { tenantId: message.tenantId, messageId: message.id });
    } catch (error) {
      // Another tenant's (or no such) reply answers not found, like every other id this page does not own.
      if (error instanceof NotFoundError) notFound();
      // Already queued or sent meanwhile (a ConflictError): the page shows the current status either way.
      if (!(error instanceof ConflictError)) throw error;
    }
    return {};
  });
}

'use client';

import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useActionState, useEffect, useRef, useState, useTransition } from 'react';
import { textToHtml } from '@helpdesk/core/rich-text';
import type { TicketStatus } from '@helpdesk/db';
import { applyMacroAction, sendMessageAction, solveTicketAction } from '@/app/(app)/tickets/[number]/actions';
import type { FormState } from '@/lib/form-state';
import { cn } from '@/lib/cn';
import { Options } from '@/components/ui/choice-fields';
import { STATUS_CHOICES, STATUS_LABEL } from './format';
import { COMPOSE_DRAFT_EVENT, type ComposeDraftDetail } from './compose-draft';
import { RichTextEditor, type RichTextHandle } from './rich-text-editor';

interface ComposerProps {
  ticketId: string;
  number: number;
  status: TicketStatus;
  lastMessageId: string | null;
  macros: { id: string; name: string }[];
}

/** A first reply opens a new ticket; otherwise the reply leaves the status alone unless the agent picks one. */
function afterReply(status: TicketStatus): TicketStatus | '' {
  return status === 'NEW' ? 'OPEN' : '';
}

function typing(target: EventTarget | null): boolean {
  return !!(target as HTMLElement | null)?.closest('input, textarea, select, [contenteditable="true"], [role="menu"]');
}

/**
 * Reply / internal note composer (rich text). Shortcuts: r reply, n note, e solve. The thread the agent last
 * acknowledged is sent as expectedLastMessageId, so a reply written while the customer wrote again is refused, not
 * sent blind. An AI draft loaded from the panel is sent as that draft's approval, with the agent's edits.
 */
export function Composer({ ticketId, number, status, lastMessageId, macros }: ComposerProps) {
  const [kind, setKind] = useState<'REPLY' | 'NOTE'>('REPLY');
  const [body, setBody] = useState('');
  const [draft, setDraft] = useState<{ id: string; label: string } | null>(null);
  const [seen, setSeen] = useState(lastMessageId);
  const [macroError, setMacroError] = useState<string | null>(null);
  // The status the reply leaves the ticket in; a macro that set a status is kept rather than overridden.
  const [current, setCurrent] = useState(status);
  const [nextStatus, setNextStatus] = useState(afterReply(status));
  const [pending, startTransition] = useTransition();
  const [state, action, sending] = useActionState<FormState, FormData>(
    async (prev, form) => {
      const result = await sendMessageAction(prev, form);
      if (result.ok) {
        editor.current?.clear();
        setBody('');
        setDraft(null);
      }
      return result;
    },
    { ok: true },
  );
  const editor = useRef<RichTextHandle>(null);

  useEffect(() => {
    function onDraft(e: Event) {
      const detail = (e as CustomEvent<ComposeDraftDetail>).detail;
      setKind('REPLY');
      setDraft({ id: detail.draftId, label: detail.label });
      editor.current?.setContent(detail.html);
    }
    window.addEventListener(COMPOSE_DRAFT_EVENT, onDraft);
    return () => window.removeEventListener(COMPOSE_DRAFT_EVENT, onDraft);
  }, []);

  useEffect(() => {
    if (!body) setSeen(lastMessageId);
  }, [lastMessageId, body]);

  useEffect(() => {
    setCurrent(status);
    setNextStatus(afterReply(status));
  }, [status]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.metaKey || e.ctrlKey || e.altKey || typing(e.target)) return;
      if (e.key === 'r' || e.key === 'n') {
        e.preventDefault();
        setKind(e.key === 'r' ? 'REPLY' : 'NOTE');
        editor.current?.focus();
      } else if (e.key === 'e') {
        e.preventDefault();
        startTransition(async () => {
          const result = await solveTicketAction(ticketId, number);
          setMacroError(result.ok ? null : (result.message ?? 'Could not solve the ticket'));
        });
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ticketId, number]);

  function runMacro(macroId: string) {
    startTransition(async () => {
      const result = await applyMacroAction(ticketId, macroId, number);
      if (result.ok && result.body !== undefined) {
        if (result.status) {
          setCurrent(result.status);
          setNextStatus(afterReply(result.status));
        }
        setKind('REPLY');
        editor.current?.append(textToHtml(result.body));
        setMacroError(null);
      } else {
        setMacroError(result.message ?? Object.values(result.errors ?? {})[0] ?? 'Could not apply the macro');
      }
    });
  }

  const stale = seen !== lastMessageId;
  const error = state.ok
    ? null
    : (state.errors?.expectedLastMessageId ??
      state.errors?.bodyHtml ??
      state.errors?.bodyText ??
      state.errors?.body ??
      state.errors?.status ??
      state.message ??
      Object.values(state.errors ?? {})[0]);
  return (
    <form
      action={action}
      aria-label="Reply to the customer or add a note"
      className={cn('space-y-3 rounded-lg border p-4', kind === 'NOTE' ? 'border-amber-300 bg-amber-50' : 'border-slate-200 bg-white')}
    >
      <input type="hidden" name="ticketId" value={ticketId} />
      <input type="hidden" name="number" value={number} />
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="expectedLastMessageId" value={seen ?? ''} />
      <input type="hidden" name="bodyHtml" value={body} />
      {draft && kind === 'REPLY' ? <input type="hidden" name="draftId" value={draft.id} /> : null}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div role="group" aria-label="Message type" className="flex gap-1">
          {(['REPLY', 'NOTE'] as const).map((k) => (
            <button
              key={k}
              type="button"
              aria-pressed={kind === k}
              onClick={() => setKind(k)}
              className={cn('rounded px-3 py-1 text-sm', kind === k ? 'bg-slate-900 text-white' : 'text-slate-800 hover:bg-slate-100')}
            >
              {k === 'REPLY' ? 'Reply (r)' : 'Internal note (n)'}
            </button>
          ))}
        </div>
        <DropdownMenu.Root>
          <DropdownMenu.Trigger
            className="rounded border border-slate-300 bg-white px-3 py-1 text-sm text-slate-800 hover:bg-slate-100"
            disabled={pending}
          >
            Macros
          </DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content align="end" className="z-50 min-w-48 rounded-md border border-slate-200 bg-white p-1 shadow-lg">
              {macros.length === 0 ? (
                <DropdownMenu.Item disabled className="px-2 py-1.5 text-sm text-slate-600">
                  No macros yet
                </DropdownMenu.Item>
              ) : null}
              {macros.map((m) => (
                <DropdownMenu.Item
                  key={m.id}
                  onSelect={() => runMacro(m.id)}
                  className="cursor-pointer rounded px-2 py-1.5 text-sm text-slate-900 outline-none data-[highlighted]:bg-brand-50"
                >
                  {m.name}
                </DropdownMenu.Item>
              ))}
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
      </div>
      {stale ? (
        <div
          role="alert"
          className="flex flex-wrap items-center justify-between gap-2 rounded border border-amber-400 bg-amber-100 p-2 text-sm text-amber-950"
        >
          <span>New messages arrived while you were writing. Read them before sending.</span>
          <button type="button" className="underline" onClick={() => setSeen(lastMessageId)}>
            I have read them
          </button>
        </div>
      ) : null}
      {draft && kind === 'REPLY' ? (
        <div
          role="status"
          className="flex flex-wrap items-center justify-between gap-2 rounded border border-sky-300 bg-sky-50 p-2 text-sm text-sky-950"
          data-testid="composer-draft"
        >
          <span>Editing the AI draft ({draft.label}): sending it approves the draft with your changes.</span>
          <button type="button" className="underline" onClick={() => setDraft(null)}>
            Send as my own reply
          </button>
        </div>
      ) : null}
      <RichTextEditor
        ref={editor}
        id="composer-body"
        label={kind === 'REPLY' ? 'Reply' : 'Internal note'}
        placeholder={kind === 'REPLY' ? 'Write a reply to the customer…' : 'Write a note only your team can see…'}
        onChange={setBody}
        invalid={!!error}
        describedBy={error ? 'composer-error' : undefined}
      />
      {error ? (
        <p id="composer-error" role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {macroError ? (
        <p role="alert" className="text-sm text-red-700">
          {macroError}
        </p>
      ) : null}
      {state.ok && state.message ? (
        <p role="status" className="text-sm text-green-800">
          {state.message}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center justify-end gap-2">
        {kind === 'REPLY' ? (
          <label className="flex items-center gap-2 text-sm text-slate-800">
            Then set status
            <select
              name="status"
              value={nextStatus}
              onChange={(e) => setNextStatus(e.target.value as TicketStatus | '')}
              className="h-9 rounded border border-slate-300 bg-white px-2"
            >
              <Options
                empty={`Keep (${STATUS_LABEL[current]})`}
                choices={STATUS_CHOICES.filter((c) => c.value !== 'NEW' && c.value !== 'CLOSED')}
              />
            </select>
          </label>
        ) : null}
        <button
          type="submit"
          disabled={sending}
          className="h-9 rounded bg-brand-700 px-4 text-sm font-medium text-white hover:bg-brand-800 disabled:bg-slate-400"
        >
          {sending ? 'Sending…' : kind === 'REPLY' ? 'Send reply' : 'Add note'}
        </button>
      </div>
    </form>
  );
}

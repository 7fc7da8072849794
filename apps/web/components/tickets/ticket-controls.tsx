'use client';

import type { Priority, TicketStatus } from '@helpdesk/db';
import type { TicketOptions } from '@helpdesk/core/queries/ticket-options';
import { updateTicketAction } from '@/app/(app)/tickets/[number]/actions';
import { useFormSubmit } from '@/lib/use-form-submit';
import { Options } from '@/components/ui/choice-fields';
import type { SelectOption } from '@/components/ui/select';
import { byId, PRIORITY_CHOICES, STATUS_CHOICES, UNCATEGORISED } from './format';

interface ControlsProps {
  ticket: {
    id: string;
    number: number;
    status: TicketStatus;
    priority: Priority;
    assigneeId: string | null;
    groupId: string | null;
    categoryKey: string | null;
    tags: string[];
  };
  options: Pick<TicketOptions, 'agents' | 'groups' | 'categories'>;
}

const selectClass = 'mt-1 block h-9 w-full rounded border border-slate-300 bg-white px-2 text-sm text-slate-900';

/** Assignment, status, priority, group, category and tags; one save, audited per changed field. */
export function TicketControls({ ticket, options }: ControlsProps) {
  // Submitted by hand: a form action would reset every field when the save is refused, so a refused tag took the
  // agent's other changes with it. A saved change re-renders the form with the new values (its key).
  const { state, pending: saving, onSubmit } = useFormSubmit((form) => updateTicketAction({ ok: false }, form));
  const err = (field: string) => (!state.ok ? state.errors?.[field] : undefined);
  const field = (name: string, label: string, control: React.ReactNode) => (
    <div>
      <label htmlFor={`ctl-${name}`} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      {control}
      {err(name) ? (
        <p id={`ctl-${name}-error`} role="alert" className="mt-1 text-sm text-red-700">
          {err(name)}
        </p>
      ) : null}
    </div>
  );
  const choice = (name: string, label: string, value: string, choices: SelectOption[], empty?: string) =>
    field(
      name,
      label,
      <select id={`ctl-${name}`} name={name} defaultValue={value} className={selectClass}>
        <Options choices={choices} empty={empty} />
      </select>,
    );
  return (
    <form
      onSubmit={onSubmit}
      aria-label="Ticket properties"
      className="space-y-3"
      key={`${ticket.status}-${ticket.priority}-${ticket.assigneeId}-${ticket.tags.join(',')}`}
    >
      <input type="hidden" name="ticketId" value={ticket.id} />
      <input type="hidden" name="number" value={ticket.number} />
      {choice('assigneeId', 'Assignee', ticket.assigneeId ?? '', byId(options.agents), 'Unassigned')}
      {choice('status', 'Status', ticket.status, STATUS_CHOICES)}
      {choice('priority', 'Priority', ticket.priority, PRIORITY_CHOICES)}
      {choice('groupId', 'Group', ticket.groupId ?? '', byId(options.groups), 'No group')}
      {choice(
        'categoryKey',
        'Category',
        ticket.categoryKey ?? '',
        options.categories.map((c) => ({ value: c.key, label: c.name })),
        UNCATEGORISED,
      )}
      {field(
        'tags',
        'Tags (comma separated)',
        <input
          id="ctl-tags"
          name="tags"
          defaultValue={ticket.tags.join(', ')}
          className={selectClass}
          aria-invalid={err('tags') ? true : undefined}
        />,
      )}
      <button
        type="submit"
        disabled={saving}
        className="h-9 w-full rounded bg-slate-900 text-sm font-medium text-white hover:bg-slate-700 disabled:bg-slate-400"
      >
        {saving ? 'Saving…' : 'Save changes'}
      </button>
      {state.ok && state.message ? (
        <p role="status" className="text-sm text-green-800">
          {state.message}
        </p>
      ) : !state.ok && state.message ? (
        <p role="alert" className="text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}

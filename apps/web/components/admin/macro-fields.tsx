import type { MacroActions } from '@helpdesk/core';
import { byId, PRIORITY_CHOICES, STATUS_CHOICES, UNASSIGNED } from '@/components/tickets/format';
import { SelectField } from '@/components/ui/choice-fields';
import type { SelectOption } from '@/components/ui/select';

const input = 'mt-1 block h-9 w-full min-w-0 rounded border border-slate-300 bg-white px-2 text-sm text-slate-900';

/** One "set this field" action of a macro; left empty, the macro leaves that field as it is. */
function Change({
  label,
  name,
  value,
  choices,
  wide = false,
}: {
  label: string;
  name: keyof MacroActions;
  value: string | undefined;
  choices: readonly SelectOption[];
  wide?: boolean;
}) {
  return (
    <SelectField
      label={label}
      labelClassName={wide ? 'block text-sm sm:col-span-2' : undefined}
      name={name}
      className={input}
      defaultValue={value ?? ''}
      empty="No change"
      choices={choices}
    />
  );
}

/**
 * The fields of a macro, for creating one (empty) and editing one (its saved values): the same names as
 * `macroFields` in app/(app)/admin/macros/macro-form.ts reads.
 */
export function MacroFields({
  name = '',
  body = '',
  actions = {},
  agents,
  bodyRows = 4,
}: {
  name?: string;
  body?: string;
  actions?: MacroActions;
  agents: readonly { id: string; name: string }[];
  bodyRows?: number;
}) {
  return (
    <>
      <label className="block text-sm">
        Name
        <input name="name" required maxLength={100} defaultValue={name} className={input} />
      </label>
      <label className="block text-sm">
        Reply text (use {'{{customer.name}}'}, {'{{ticket.number}}'}, {'{{agent.name}}'})
        <textarea
          name="body"
          rows={bodyRows}
          maxLength={20_000}
          defaultValue={body}
          className="mt-1 block w-full rounded border border-slate-300 px-2 py-1 text-sm"
        />
      </label>
      <div className="grid gap-3 sm:grid-cols-2">
        <Change label="Set status" name="status" value={actions.status} choices={STATUS_CHOICES} />
        <Change label="Set priority" name="priority" value={actions.priority} choices={PRIORITY_CHOICES} />
        <Change
          label="Assign to"
          wide
          name="assigneeId"
          value={actions.assigneeId === null ? UNASSIGNED.value : actions.assigneeId}
          choices={[UNASSIGNED, ...byId(agents)]}
        />
        <label className="block text-sm">
          Add tags
          <input
            name="addTags"
            maxLength={1000}
            defaultValue={(actions.addTags ?? []).join(', ')}
            placeholder="billing, refund"
            className={input}
          />
        </label>
        <label className="block text-sm">
          Remove tags
          <input name="removeTags" maxLength={1000} defaultValue={(actions.removeTags ?? []).join(', ')} className={input} />
        </label>
      </div>
    </>
  );
}

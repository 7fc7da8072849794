import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { listMacros, macroActionsSchema } from '@helpdesk/core';
import { ticketOptions } from '@helpdesk/core/queries';
import { PRIORITIES, PRIORITY_LABEL, STATUS_LABEL, TICKET_STATUSES } from '@helpdesk/core/labels';
import { ActionForm } from '@/components/shell/action-form';
import { PageHeader } from '@/components/shell/page-header';
import { Button } from '@/components/ui/button';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';
import { updateMacroAction } from '../actions';

export const metadata: Metadata = { title: 'Edit macro' };
export const dynamic = 'force-dynamic';

const input = 'mt-1 block h-9 w-full min-w-0 rounded border border-slate-300 bg-white px-2 text-sm text-slate-900';

export default async function EditMacroPage({ params }: { params: Promise<{ id: string }> }) {
  const member = await requireMember('admin.settings');
  const { id } = await params;
  const [macros, options] = await Promise.all([listMacros(db(), member.tenantId), ticketOptions(db(), member.tenantId)]);
  const macro = macros.find((m) => m.id === id);
  if (!macro) notFound();
  // A macro saved by an older version with actions we no longer understand is edited from no actions.
  const parsed = macroActionsSchema.safeParse(macro.actions);
  const actions = parsed.success ? parsed.data : {};
  return (
    <>
      <PageHeader title={`Edit macro: ${macro.name}`} description="Agents insert the reply text and apply the actions in one step." />
      <ActionForm
        action={updateMacroAction}
        label="Edit macro"
        className="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-4"
      >
        <input type="hidden" name="macroId" value={macro.id} />
        <label className="block text-sm">
          Name
          <input name="name" required maxLength={100} defaultValue={macro.name} className={input} />
        </label>
        <label className="block text-sm">
          Reply text (use {'{{customer.name}}'}, {'{{ticket.number}}'}, {'{{agent.name}}'})
          <textarea
            name="body"
            rows={6}
            maxLength={20_000}
            defaultValue={macro.body}
            className="mt-1 block w-full rounded border border-slate-300 px-2 py-1 text-sm"
          />
        </label>
        <div className="grid gap-3 sm:grid-cols-2">
          <label className="block text-sm">
            Set status
            <select name="status" className={input} defaultValue={actions.status ?? ''}>
              <option value="">No change</option>
              {TICKET_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {STATUS_LABEL[s]}
                </option>
              ))}
            </select>
          </label>
          <label className="block text-sm">
            Set priority
            <select name="priority" className={input} defaultValue={actions.priority ?? ''}>
              <option value="">No change</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {PRIORITY_LABEL[p]}
                </option>
              ))}
            </select>
          </label>
          <label className="block text-sm sm:col-span-2">
            Assign to
            <select
              name="assigneeId"
              className={input}
              defaultValue={actions.assigneeId === null ? 'unassigned' : (actions.assigneeId ?? '')}
            >
              <option value="">No change</option>
              <option value="unassigned">Unassigned</option>
              {options.agents.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
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
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit">Save macro</Button>
          <Link href="/admin/helpdesk" className="text-sm font-medium text-brand-700 underline">
            Cancel
          </Link>
        </div>
      </ActionForm>
    </>
  );
}

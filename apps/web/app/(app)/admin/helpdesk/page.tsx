import type { Metadata } from 'next';
import Link from 'next/link';
import { listMacros, listSlaPolicies, listTags } from '@helpdesk/core';
import { listViews, ticketOptions } from '@helpdesk/core/queries';
import { MacroFields } from '@/components/admin/macro-fields';
import { ActionForm } from '@/components/shell/action-form';
import { DeleteForm } from '@/components/shell/delete-form';
import { PageHeader } from '@/components/shell/page-header';
import { byId, PRIORITIES, PRIORITY_CHOICES, PRIORITY_LABEL, STATUS_CHOICES, UNASSIGNED } from '@/components/tickets/format';
import { SelectField } from '@/components/ui/choice-fields';
import { TitledCard } from '@/components/ui/card';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';
import { createMacroAction, createSharedViewAction, deleteMacroAction, deleteSlaAction, deleteViewAction, saveSlaAction } from './actions';

export const metadata: Metadata = { title: 'Helpdesk settings' };
export const dynamic = 'force-dynamic';

const input = 'mt-1 block h-9 w-full rounded border border-slate-300 bg-white px-2 text-sm text-slate-900';
const button = 'h-9 rounded bg-brand-700 px-3 text-sm font-medium text-white hover:bg-brand-800';
const small = 'text-sm text-red-700 underline';
const SLA_TARGETS = [
  ['firstResponseMinutes', 'First response (min)'],
  ['resolutionMinutes', 'Resolution (min)'],
] as const;

export default async function HelpdeskSettingsPage() {
  const member = await requireMember('admin.settings');
  const [macros, policies, tags, views, options] = await Promise.all([
    listMacros(db(), member.tenantId),
    listSlaPolicies(db(), member.tenantId),
    listTags(db(), member.tenantId),
    listViews(db(), member.tenantId, member.userId),
    ticketOptions(db(), member.tenantId),
  ]);
  const policyFor = new Map(policies.map((p) => [p.priority, p]));
  return (
    <>
      <PageHeader title="Helpdesk settings" description="Macros, SLA policies, tags, groups and the views your team shares." />
      <div className="grid gap-6 xl:grid-cols-2">
        <TitledCard title="Macros" contentClassName="space-y-4">
          <ul className="divide-y divide-slate-100 text-sm" aria-label="Macros">
            {macros.map((m) => (
              <li key={m.id} className="flex items-start justify-between gap-3 py-2">
                <div className="min-w-0">
                  <p className="font-medium break-words text-slate-900">{m.name}</p>
                  <p className="line-clamp-2 text-slate-700">{m.body}</p>
                </div>
                <div className="flex shrink-0 items-center gap-3">
                  <Link
                    href={`/admin/macros/${m.id}`}
                    className="text-sm font-medium text-brand-700 underline"
                    aria-label={`Edit macro ${m.name}`}
                  >
                    Edit
                  </Link>
                  <DeleteForm
                    action={deleteMacroAction}
                    item={{ kind: 'macro', name: m.name, idName: 'macroId', id: m.id }}
                    description="Agents will no longer be able to insert it. This cannot be undone."
                    size="sm"
                  />
                </div>
              </li>
            ))}
            {macros.length === 0 ? <li className="py-2 text-slate-700">No macros yet.</li> : null}
          </ul>
          <ActionForm action={createMacroAction} label="New macro" className="space-y-2 border-t border-slate-200 pt-4">
            <h3 className="text-sm font-semibold">New macro</h3>
            <MacroFields agents={options.agents} />
            <button type="submit" className={button}>
              Create macro
            </button>
          </ActionForm>
        </TitledCard>
        <TitledCard title="SLA policies" contentClassName="space-y-3">
          {PRIORITIES.map((p) => {
            const policy = policyFor.get(p);
            return (
              <div key={p} className="rounded border border-slate-200 p-3">
                <ActionForm
                  action={saveSlaAction}
                  label={`${PRIORITY_LABEL[p]} priority SLA`}
                  className="grid grid-cols-2 items-end gap-2 sm:grid-cols-4"
                >
                  <input type="hidden" name="priority" value={p} />
                  <p className="text-sm font-medium sm:col-span-4">{PRIORITY_LABEL[p]} priority</p>
                  {SLA_TARGETS.map(([name, label]) => (
                    <label key={name} className="block text-sm">
                      {label}
                      <input name={name} type="number" min={1} required defaultValue={policy?.[name]} className={input} />
                    </label>
                  ))}
                  <label className="flex items-center gap-2 text-sm">
                    <input name="businessHoursOnly" type="checkbox" defaultChecked={policy?.businessHoursOnly} />
                    Business hours
                  </label>
                  <button type="submit" className={button}>
                    Save
                  </button>
                </ActionForm>
                {policy ? (
                  <ActionForm action={deleteSlaAction} label={`Remove ${PRIORITY_LABEL[p]} SLA`} className="mt-2">
                    <input type="hidden" name="priority" value={p} />
                    <button type="submit" className={small}>
                      Remove policy
                    </button>
                  </ActionForm>
                ) : null}
              </div>
            );
          })}
        </TitledCard>
        <TitledCard title="Team views" contentClassName="space-y-4">
          <ul className="divide-y divide-slate-100 text-sm" aria-label="Shared views">
            {views
              .filter((v) => v.scope === 'shared')
              .map((v) => (
                <li key={v.id} className="flex items-center justify-between py-2">
                  <span>{v.name}</span>
                  <DeleteForm
                    action={deleteViewAction}
                    item={{ kind: 'view', name: v.name, idName: 'viewId', id: v.id }}
                    description="Agents no longer see it in their inbox; its tickets stay."
                    size="sm"
                  />
                </li>
              ))}
          </ul>
          <ActionForm action={createSharedViewAction} label="New team view" className="grid grid-cols-2 gap-2">
            <label className="col-span-2 block text-sm">
              Name
              <input name="name" required maxLength={60} className={input} />
            </label>
            <SelectField label="Status" name="status" className={input} defaultValue="" empty="Any" choices={STATUS_CHOICES} />
            <SelectField label="Priority" name="priority" className={input} defaultValue="" empty="Any" choices={PRIORITY_CHOICES} />
            <SelectField
              label="Assignee"
              name="assigneeId"
              className={input}
              defaultValue=""
              empty="Anyone"
              choices={[{ value: 'me', label: 'The viewer' }, UNASSIGNED, ...byId(options.agents)]}
            />
            <label className="block text-sm">
              Tag
              <input name="tag" className={input} />
            </label>
            <button type="submit" className={`${button} col-span-2`}>
              Share view
            </button>
          </ActionForm>
        </TitledCard>
        <TitledCard title="Tags and groups" contentClassName="grid gap-4 sm:grid-cols-2 text-sm">
          <p className="sm:col-span-2">
            <Link href="/admin/tags" className="font-medium text-brand-700 underline">
              Manage tags
            </Link>{' '}
            (rename, merge, delete) ·{' '}
            <Link href="/admin/groups" className="font-medium text-brand-700 underline">
              Manage groups
            </Link>{' '}
            (create, rename, members)
          </p>
          <div>
            <h3 className="mb-1 font-semibold">Tags</h3>
            <ul aria-label="Tags" className="space-y-1">
              {tags.map((t) => (
                <li key={t.name} className="flex justify-between">
                  <span>{t.name}</span>
                  <span className="tabular-nums text-slate-700">{t.tickets}</span>
                </li>
              ))}
              {tags.length === 0 ? <li className="text-slate-700">Tags appear when agents or macros add them.</li> : null}
            </ul>
          </div>
          <div>
            <h3 className="mb-1 font-semibold">Groups</h3>
            <ul aria-label="Groups" className="space-y-1">
              {options.groups.map((g) => (
                <li key={g.id}>{g.name}</li>
              ))}
              {options.groups.length === 0 ? <li className="text-slate-700">No groups.</li> : null}
            </ul>
          </div>
        </TitledCard>
      </div>
    </>
  );
}

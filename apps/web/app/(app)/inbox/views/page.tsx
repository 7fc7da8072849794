import type { Metadata } from 'next';
import Link from 'next/link';
import { roleCan } from '@helpdesk/core/permissions';
import { listViews, ticketOptions } from '@helpdesk/core/queries';
import { ActionForm } from '@/components/shell/action-form';
import { DeleteForm } from '@/components/shell/delete-form';
import { PageHeader } from '@/components/shell/page-header';
import { Button } from '@/components/ui/button';
import { SORT_LABEL } from '@/components/tickets/sort-header';
import { byId, PRIORITY_CHOICES, STATUS_CHOICES, UNASSIGNED } from '@/components/tickets/format';
import { CheckboxFieldset, SelectField } from '@/components/ui/choice-fields';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';
import { deleteMyViewAction, saveViewAction } from './actions';

export const metadata: Metadata = { title: 'My views' };
export const dynamic = 'force-dynamic';

const input = 'mt-1 block h-9 w-full min-w-0 rounded border border-slate-300 bg-white px-2 text-sm text-slate-900';

export default async function ViewsPage() {
  const member = await requireMember('tickets.view');
  const [views, options] = await Promise.all([listViews(db(), member.tenantId, member.userId), ticketOptions(db(), member.tenantId)]);
  const mine = views.filter((v) => v.scope === 'personal');
  const canShare = roleCan(member.role, 'admin.settings');
  return (
    <>
      <PageHeader
        title="My views"
        description="Build a view of the inbox from filters and a sort; it appears under My views in the inbox."
      />
      <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
        <ActionForm action={saveViewAction} label="New view" className="min-w-0 space-y-4 rounded-lg border border-slate-200 bg-white p-4">
          <h2 className="font-semibold text-slate-900">New view</h2>
          <label className="block text-sm">
            Name
            <input name="name" required maxLength={60} className={input} />
          </label>
          <CheckboxFieldset legend="Status (none ticked: any)" name="status" choices={STATUS_CHOICES} />
          <CheckboxFieldset legend="Priority (none ticked: any)" name="priority" choices={PRIORITY_CHOICES} />
          <div className="grid gap-3 sm:grid-cols-2">
            <SelectField
              label="Assignee"
              name="assigneeId"
              defaultValue=""
              className={input}
              empty="Anyone"
              choices={[{ value: 'me', label: 'Me (whoever opens the view)' }, UNASSIGNED, ...byId(options.agents)]}
            />
            <SelectField label="Group" name="groupId" defaultValue="" className={input} empty="Any group" choices={byId(options.groups)} />
            <SelectField
              label="Tag"
              name="tag"
              defaultValue=""
              className={input}
              empty="Any tag"
              choices={options.tags.map((t) => ({ value: t.name, label: t.name }))}
            />
            <SelectField
              label="Category"
              name="categoryId"
              defaultValue=""
              className={input}
              empty="Any category"
              choices={byId(options.categories)}
            />
            <SelectField
              label="Sort by"
              name="sort"
              defaultValue="updated_desc"
              className={input}
              choices={Object.entries(SORT_LABEL).map(([value, label]) => ({ value, label }))}
            />
          </div>
          {canShare ? (
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="shared" />
              Share with the team (shown to everyone under Team views)
            </label>
          ) : null}
          <Button type="submit">Save view</Button>
        </ActionForm>
        <section aria-labelledby="mine-heading" className="min-w-0 space-y-2">
          <h2 id="mine-heading" className="font-semibold text-slate-900">
            Saved views
          </h2>
          {mine.length === 0 ? <p className="text-sm text-slate-700">None yet.</p> : null}
          <ul className="space-y-2 text-sm" aria-label="My saved views">
            {mine.map((v) => (
              <li key={v.id} className="flex items-center justify-between gap-2 rounded border border-slate-200 bg-white p-2">
                <Link href={`/inbox?view=${encodeURIComponent(v.id)}`} className="min-w-0 font-medium break-words text-brand-700 underline">
                  {v.name}
                </Link>
                <DeleteForm
                  action={deleteMyViewAction}
                  item={{ kind: 'view', name: v.name, idName: 'viewId', id: v.id }}
                  description="Its tickets stay; only the view goes."
                  size="sm"
                />
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}

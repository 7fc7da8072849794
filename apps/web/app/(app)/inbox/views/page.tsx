import type { Metadata } from 'next';
import Link from 'next/link';
import { roleCan } from '@helpdesk/core/permissions';
import { PRIORITIES, PRIORITY_LABEL, STATUS_LABEL, TICKET_STATUSES } from '@helpdesk/core/labels';
import { listViews, ticketOptions } from '@helpdesk/core/queries';
import { ActionForm } from '@/components/shell/action-form';
import { PageHeader } from '@/components/shell/page-header';
import { Button } from '@/components/ui/button';
import { ConfirmSubmit } from '@/components/ui/confirm-submit';
import { SORT_LABEL } from '@/components/tickets/sort-header';
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
          <fieldset>
            <legend className="text-sm font-medium text-slate-900">Status (none ticked: any)</legend>
            <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
              {TICKET_STATUSES.map((s) => (
                <label key={s} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="status" value={s} />
                  {STATUS_LABEL[s]}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend className="text-sm font-medium text-slate-900">Priority (none ticked: any)</legend>
            <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
              {PRIORITIES.map((p) => (
                <label key={p} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="priority" value={p} />
                  {PRIORITY_LABEL[p]}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="grid gap-3 sm:grid-cols-2">
            <label className="block text-sm">
              Assignee
              <select name="assigneeId" defaultValue="" className={input}>
                <option value="">Anyone</option>
                <option value="me">Me (whoever opens the view)</option>
                <option value="unassigned">Unassigned</option>
                {options.agents.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="block text-sm">
              Group
              <select name="groupId" defaultValue="" className={input}>
                <option value="">Any group</option>
                {options.groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="block text-sm">
              Tag
              <select name="tag" defaultValue="" className={input}>
                <option value="">Any tag</option>
                {options.tags.map((t) => (
                  <option key={t.id} value={t.name}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="block text-sm">
              Category
              <select name="categoryId" defaultValue="" className={input}>
                <option value="">Any category</option>
                {options.categories.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <label className="block text-sm">
              Sort by
              <select name="sort" defaultValue="updated_desc" className={input}>
                {Object.entries(SORT_LABEL).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
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
                <ActionForm action={deleteMyViewAction} label={`Delete view ${v.name}`}>
                  <input type="hidden" name="viewId" value={v.id} />
                  <ConfirmSubmit size="sm" title={`Delete the view “${v.name}”?`} description="Its tickets stay; only the view goes.">
                    Delete
                  </ConfirmSubmit>
                </ActionForm>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}

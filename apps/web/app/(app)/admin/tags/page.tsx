import type { Metadata } from 'next';
import { listTagSummaries } from '@helpdesk/core/tag-admin';
import { RenameForm } from '@/components/admin/rename-form';
import { ActionForm } from '@/components/shell/action-form';
import { DeleteForm } from '@/components/shell/delete-form';
import { PageHeader } from '@/components/shell/page-header';
import { ConfirmSubmit } from '@/components/ui/confirm-submit';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';
import { deleteTagAction, mergeTagAction, renameTagAction } from './actions';

export const metadata: Metadata = { title: 'Tags' };
export const dynamic = 'force-dynamic';

const input = 'block h-9 w-full min-w-0 rounded border border-slate-300 bg-white px-2 text-sm text-slate-900';

const tickets = (n: number) => `${n} ticket${n === 1 ? '' : 's'}`;

export default async function TagsPage() {
  const member = await requireMember('admin.settings');
  const tags = await listTagSummaries(db(), member.tenantId);
  return (
    <>
      <PageHeader title="Tags" description="Rename a tag everywhere, merge two tags into one, or delete a tag from its tickets." />
      {tags.length === 0 ? (
        <p className="text-sm text-slate-700">No tags yet: they appear when agents, macros or the contact form add them.</p>
      ) : (
        <ul aria-label="Tags" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {tags.map((tag) => (
            <li
              key={tag.id}
              data-testid="tag-row"
              data-tag={tag.name}
              className="grid gap-3 p-4 lg:grid-cols-[12rem_1fr_1fr_auto] lg:items-end"
            >
              <div className="min-w-0">
                <p className="font-medium break-words text-slate-900">{tag.name}</p>
                <p className="text-sm text-slate-700" data-testid="tag-count">
                  {tickets(tag.tickets)}
                </p>
              </div>
              <RenameForm
                action={renameTagAction}
                item={{ kind: 'tag', name: tag.name, idName: 'tagId', id: tag.id }}
                fieldLabel="New name"
                maxLength={50}
              />
              {tags.length > 1 ? (
                <ActionForm action={mergeTagAction} label={`Merge tag ${tag.name}`} className="flex flex-wrap items-end gap-2">
                  <input type="hidden" name="sourceId" value={tag.id} />
                  <label className="block min-w-0 flex-1 text-sm">
                    Merge into
                    <select name="targetId" required defaultValue="" className={`mt-1 ${input}`}>
                      <option value="" disabled>
                        Choose a tag
                      </option>
                      {tags
                        .filter((t) => t.id !== tag.id)
                        .map((t) => (
                          <option key={t.id} value={t.id}>
                            {t.name} ({tickets(t.tickets)})
                          </option>
                        ))}
                    </select>
                  </label>
                  <ConfirmSubmit
                    size="sm"
                    variant="secondary"
                    confirmLabel="Merge"
                    title={`Merge “${tag.name}” into the chosen tag?`}
                    description={`Its ${tickets(tag.tickets)} get the chosen tag instead, and “${tag.name}” is deleted.`}
                  >
                    Merge
                  </ConfirmSubmit>
                </ActionForm>
              ) : (
                <span />
              )}
              <DeleteForm
                action={deleteTagAction}
                item={{ kind: 'tag', name: tag.name, idName: 'tagId', id: tag.id }}
                description={`It is removed from ${tickets(tag.tickets)}. The tickets themselves stay.`}
                size="sm"
              />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

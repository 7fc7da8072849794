import type { Metadata } from 'next';
import { listGroups } from '@helpdesk/core/groups';
import { ticketOptions } from '@helpdesk/core/queries';
import { RenameForm } from '@/components/admin/rename-form';
import { ActionForm } from '@/components/shell/action-form';
import { DeleteForm } from '@/components/shell/delete-form';
import { PageHeader } from '@/components/shell/page-header';
import { Button } from '@/components/ui/button';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';
import { createGroupAction, deleteGroupAction, renameGroupAction, setGroupMembersAction } from './actions';

export const metadata: Metadata = { title: 'Groups' };
export const dynamic = 'force-dynamic';

const input = 'block h-9 w-full min-w-0 rounded border border-slate-300 bg-white px-2 text-sm text-slate-900';
const tickets = (n: number) => `${n} ticket${n === 1 ? '' : 's'}`;

export default async function GroupsPage() {
  const member = await requireMember('admin.settings');
  const [groups, options] = await Promise.all([listGroups(db(), member.tenantId), ticketOptions(db(), member.tenantId)]);
  return (
    <>
      <PageHeader title="Groups" description="Teams that tickets are routed to, and who is in each." />
      <div className="space-y-6">
        <ActionForm
          action={createGroupAction}
          label="New group"
          className="flex max-w-md flex-wrap items-end gap-2 rounded-lg border border-slate-200 bg-white p-4"
        >
          <label className="block min-w-0 flex-1 text-sm">
            New group name
            <input name="name" required maxLength={60} className={`mt-1 ${input}`} />
          </label>
          <Button type="submit" size="sm" className="h-9">
            Create group
          </Button>
        </ActionForm>
        {groups.length === 0 ? <p className="text-sm text-slate-700">No groups yet.</p> : null}
        <ul aria-label="Groups" className="grid gap-4 lg:grid-cols-2">
          {groups.map((group) => (
            <li
              key={group.id}
              data-testid="group-card"
              data-group={group.name}
              className="min-w-0 space-y-4 rounded-lg border border-slate-200 bg-white p-4"
            >
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="font-semibold break-words text-slate-900">{group.name}</h2>
                <p className="text-sm text-slate-700">
                  {group.members.length} member{group.members.length === 1 ? '' : 's'} · {tickets(group.tickets)}
                </p>
              </div>
              <RenameForm
                action={renameGroupAction}
                item={{ kind: 'group', name: group.name, idName: 'groupId', id: group.id }}
                fieldLabel="Name"
                maxLength={60}
              />
              <ActionForm action={setGroupMembersAction} label={`Members of ${group.name}`}>
                <input type="hidden" name="groupId" value={group.id} />
                <fieldset>
                  <legend className="text-sm font-medium text-slate-900">Members</legend>
                  <div className="mt-1 grid gap-1 sm:grid-cols-2">
                    {options.agents.map((agent) => (
                      <label key={agent.id} className="flex min-w-0 items-center gap-2 text-sm">
                        <input
                          type="checkbox"
                          name="userIds"
                          value={agent.id}
                          defaultChecked={group.members.some((m) => m.id === agent.id)}
                        />
                        <span className="break-words">{agent.name}</span>
                      </label>
                    ))}
                  </div>
                </fieldset>
                <Button type="submit" variant="secondary" size="sm" className="mt-2">
                  Save members
                </Button>
              </ActionForm>
              <DeleteForm
                action={deleteGroupAction}
                item={{ kind: 'group', name: group.name, idName: 'groupId', id: group.id }}
                description={`Its ${tickets(group.tickets)} stay with their assignees and lose only the group.`}
                size="sm"
              >
                Delete group
              </DeleteForm>
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}

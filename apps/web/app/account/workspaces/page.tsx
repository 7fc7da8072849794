import type { Metadata } from 'next';
import { listMemberships } from '@helpdesk/core/auth';
import { ROLE_LABEL } from '@helpdesk/core/labels';
import { NewWorkspaceForm } from '@/components/account/new-workspace-form';
import { systemDb } from '@/lib/clients';
import { requireUser } from '@/lib/session';

export const metadata: Metadata = { title: 'Workspaces' };

export default async function WorkspacesPage() {
  const { userId } = await requireUser('/account/workspaces');
  const memberships = await listMemberships(systemDb(), userId);
  return (
    <>
      <h1 className="text-2xl font-semibold text-slate-900">Workspaces</h1>
      <section aria-labelledby="mine-heading" className="space-y-2">
        <h2 id="mine-heading" className="font-semibold text-slate-900">
          Yours
        </h2>
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white text-sm" data-testid="workspace-list">
          {memberships.map((m) => (
            <li key={m.tenantId} className="flex flex-wrap justify-between gap-2 p-3">
              <span className="min-w-0 font-medium break-words">{m.tenantName}</span>
              <span className="text-slate-700">{ROLE_LABEL[m.role]}</span>
            </li>
          ))}
          {memberships.length === 0 ? <li className="p-3 text-slate-700">You belong to no workspace yet.</li> : null}
        </ul>
        <p className="text-sm text-slate-700">Switch between them with the Workspace menu at the top of the sidebar.</p>
      </section>
      <NewWorkspaceForm />
    </>
  );
}

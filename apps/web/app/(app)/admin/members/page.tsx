import type { Metadata } from 'next';
import { listMembers } from '@helpdesk/core/auth';
import { InviteForm } from '@/components/admin/invite-form';
import { ActionForm } from '@/components/shell/action-form';
import { PageHeader } from '@/components/shell/page-header';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { TitledCard } from '@/components/ui/card';
import { Options } from '@/components/ui/choice-fields';
import { NativeSelect } from '@/components/ui/select';
import { DataTable } from '@/components/ui/table';
import { db } from '@/lib/clients';
import { ROLE_LABELS } from '@/lib/nav';
import { memberActor, requireMember } from '@/lib/session';
import { changeRoleAction, removeMemberAction, revokeInvitationAction } from './actions';

export const metadata: Metadata = { title: 'Members' };

const ROLES = ['OWNER', 'ADMIN', 'AGENT', 'BILLING_VIEWER'] as const;

export default async function MembersPage() {
  const member = await requireMember('admin.members');
  const { members, invitations } = await listMembers(db(), memberActor(member));
  const isOwner = member.role === 'OWNER';
  const locked = (m: (typeof members)[number]) => m.role === 'OWNER' && !isOwner;
  return (
    <>
      <PageHeader title="Members" description={`People who can sign in to ${member.tenantName}.`} />
      <div className="space-y-6">
        <TitledCard title="Invite someone">
          <InviteForm canInviteOwner={isOwner} />
        </TitledCard>
        <TitledCard title={`Members (${members.length})`}>
          <DataTable
            columns={[
              {
                header: 'Name',
                cell: (m) => (
                  <>
                    {m.user.name}
                    {m.user.id === member.userId ? <Badge className="ml-2">You</Badge> : null}
                  </>
                ),
              },
              { header: 'Email', className: 'max-w-xs wrap-anywhere', cell: (m) => m.user.email },
              {
                header: 'Role',
                cell: (m) => (
                  <ActionForm action={changeRoleAction} className="flex flex-wrap items-center gap-2" label={`Role of ${m.user.email}`}>
                    <input type="hidden" name="membershipId" value={m.id} />
                    <NativeSelect
                      name="role"
                      defaultValue={m.role}
                      disabled={locked(m)}
                      aria-label={`Role of ${m.user.email}`}
                      className="w-40"
                    >
                      <Options
                        choices={ROLES.filter((r) => r !== 'OWNER' || isOwner || m.role === 'OWNER').map((r) => ({
                          value: r,
                          label: ROLE_LABELS[r],
                        }))}
                      />
                    </NativeSelect>
                    <Button type="submit" variant="secondary" size="sm" disabled={locked(m)}>
                      Save
                    </Button>
                  </ActionForm>
                ),
              },
              {
                header: 'Actions',
                srOnly: true,
                className: 'text-right',
                cell: (m) => (
                  <ActionForm action={removeMemberAction} label={`Remove ${m.user.email}`}>
                    <input type="hidden" name="membershipId" value={m.id} />
                    <Button type="submit" variant="danger" size="sm" disabled={locked(m)}>
                      Remove
                    </Button>
                  </ActionForm>
                ),
              },
            ]}
            rows={members}
            rowKey={(m) => m.id}
            rowProps={() => ({ 'data-testid': 'member-row' })}
          />
        </TitledCard>
        {invitations.length > 0 ? (
          <TitledCard title="Pending invitations">
            <DataTable
              columns={[
                { header: 'Email', className: 'max-w-xs wrap-anywhere', cell: (i) => i.email },
                { header: 'Role', cell: (i) => ROLE_LABELS[i.role] },
                { header: 'Expires', cell: (i) => i.expiresAt.toISOString().slice(0, 10) },
                {
                  header: 'Actions',
                  srOnly: true,
                  className: 'text-right',
                  cell: (i) => (
                    <ActionForm action={revokeInvitationAction} label={`Revoke invitation for ${i.email}`}>
                      <input type="hidden" name="invitationId" value={i.id} />
                      <Button type="submit" variant="secondary" size="sm">
                        Revoke
                      </Button>
                    </ActionForm>
                  ),
                },
              ]}
              rows={invitations}
              rowKey={(i) => i.id}
            />
          </TitledCard>
        ) : null}
      </div>
    </>
  );
}

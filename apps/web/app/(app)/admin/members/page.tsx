import type { Metadata } from 'next';
import { listMembers } from '@helpdesk/core/auth';
import { InviteForm } from '@/components/admin/invite-form';
import { ActionForm } from '@/components/shell/action-form';
import { PageHeader } from '@/components/shell/page-header';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { NativeSelect } from '@/components/ui/select';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
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
  return (
    <>
      <PageHeader title="Members" description={`People who can sign in to ${member.tenantName}.`} />
      <div className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Invite someone</CardTitle>
          </CardHeader>
          <CardContent>
            <InviteForm canInviteOwner={isOwner} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Members ({members.length})</CardTitle>
          </CardHeader>
          <CardContent>
            <Table>
              <THead>
                <TR>
                  <TH>Name</TH>
                  <TH>Email</TH>
                  <TH>Role</TH>
                  <TH>
                    <span className="sr-only">Actions</span>
                  </TH>
                </TR>
              </THead>
              <TBody>
                {members.map((m) => {
                  const locked = m.role === 'OWNER' && !isOwner;
                  return (
                    <TR key={m.id} data-testid="member-row">
                      <TD>
                        {m.user.name}
                        {m.user.id === member.userId ? <Badge className="ml-2">You</Badge> : null}
                      </TD>
                      <TD className="max-w-xs wrap-anywhere">{m.user.email}</TD>
                      <TD>
                        <ActionForm action={changeRoleAction} className="flex items-center gap-2" label={`Role of ${m.user.email}`}>
                          <input type="hidden" name="membershipId" value={m.id} />
                          <NativeSelect
                            name="role"
                            defaultValue={m.role}
                            disabled={locked}
                            aria-label={`Role of ${m.user.email}`}
                            className="w-40"
                          >
                            {ROLES.filter((r) => r !== 'OWNER' || isOwner || m.role === 'OWNER').map((r) => (
                              <option key={r} value={r}>
                                {ROLE_LABELS[r]}
                              </option>
                            ))}
                          </NativeSelect>
                          <Button type="submit" variant="secondary" size="sm" disabled={locked}>
                            Save
                          </Button>
                        </ActionForm>
                      </TD>
                      <TD className="text-right">
                        <ActionForm action={removeMemberAction} label={`Remove ${m.user.email}`}>
                          <input type="hidden" name="membershipId" value={m.id} />
                          <Button type="submit" variant="danger" size="sm" disabled={locked}>
                            Remove
                          </Button>
                        </ActionForm>
                      </TD>
                    </TR>
                  );
                })}
              </TBody>
            </Table>
          </CardContent>
        </Card>
        {invitations.length > 0 ? (
          <Card>
            <CardHeader>
              <CardTitle>Pending invitations</CardTitle>
            </CardHeader>
            <CardContent>
              <Table>
                <THead>
                  <TR>
                    <TH>Email</TH>
                    <TH>Role</TH>
                    <TH>Expires</TH>
                    <TH>
                      <span className="sr-only">Actions</span>
                    </TH>
                  </TR>
                </THead>
                <TBody>
                  {invitations.map((i) => (
                    <TR key={i.id}>
                      <TD className="max-w-xs wrap-anywhere">{i.email}</TD>
                      <TD>{ROLE_LABELS[i.role]}</TD>
                      <TD>{i.expiresAt.toISOString().slice(0, 10)}</TD>
                      <TD className="text-right">
                        <ActionForm action={revokeInvitationAction} label={`Revoke invitation for ${i.email}`}>
                          <input type="hidden" name="invitationId" value={i.id} />
                          <Button type="submit" variant="secondary" size="sm">
                            Revoke
                          </Button>
                        </ActionForm>
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </CardContent>
          </Card>
        ) : null}
      </div>
    </>
  );
}

import type { Metadata } from 'next';
import { API_SCOPES, listApiKeys } from '@helpdesk/core/api-keys';
import { PageHeader } from '@/components/shell/page-header';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { db } from '@/lib/clients';
import { memberActor, requireMember } from '@/lib/session';
import { CreateKeyForm } from './create-key-form';
import { RevokeKeyDialog } from './revoke-key-dialog';

export const metadata: Metadata = { title: 'API keys' };

function when(date: Date | null): string {
  return date ? date.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : 'Never';
}

export default async function ApiKeysPage() {
  const member = await requireMember('admin.apiKeys');
  const keys = await listApiKeys(db(), memberActor(member));
  return (
    <>
      <PageHeader title="API keys" description="Keys for the REST API (/api/v1). Send one as “Authorization: Bearer <key>”." />
      <div className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Create a key</CardTitle>
          </CardHeader>
          <CardContent>
            <CreateKeyForm scopes={API_SCOPES} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Keys ({keys.length})</CardTitle>
          </CardHeader>
          <CardContent>
            {keys.length === 0 ? (
              <EmptyState title="No API keys yet" description="Create one above to call the REST API." />
            ) : (
              <Table>
                <THead>
                  <TR>
                    <TH>Name</TH>
                    <TH>Prefix</TH>
                    <TH>Scopes</TH>
                    <TH>Created</TH>
                    <TH>Last used</TH>
                    <TH>State</TH>
                    <TH>
                      <span className="sr-only">Actions</span>
                    </TH>
                  </TR>
                </THead>
                <TBody>
                  {keys.map((k) => (
                    <TR key={k.id} data-testid="api-key-row">
                      <TD>{k.name}</TD>
                      <TD className="font-mono text-xs">hd_{k.prefix}_…</TD>
                      <TD>
                        <span className="flex flex-wrap gap-1">
                          {k.scopes.map((s) => (
                            <Badge key={s} className="font-mono">
                              {s}
                            </Badge>
                          ))}
                        </span>
                      </TD>
                      <TD>{when(k.createdAt)}</TD>
                      <TD>{when(k.lastUsedAt)}</TD>
                      <TD>
                        {k.revokedAt ? <Badge tone="danger">Revoked {when(k.revokedAt)}</Badge> : <Badge tone="success">Active</Badge>}
                      </TD>
                      <TD className="text-right">
                        {k.revokedAt ? null : <RevokeKeyDialog apiKeyId={k.id} name={k.name} prefix={k.prefix} />}
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}

import type { Metadata } from 'next';
import { API_SCOPES, listApiKeys } from '@helpdesk/core/api-keys';
import { PageHeader } from '@/components/shell/page-header';
import { Badge } from '@/components/ui/badge';
import { TitledCard } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { DataTable } from '@/components/ui/table';
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
        <TitledCard title="Create a key">
          <CreateKeyForm scopes={API_SCOPES} />
        </TitledCard>
        <TitledCard title={`Keys (${keys.length})`}>
          {keys.length === 0 ? (
            <EmptyState title="No API keys yet" description="Create one above to call the REST API." />
          ) : (
            <DataTable
              columns={[
                { header: 'Name', cell: (k) => k.name },
                { header: 'Prefix', className: 'font-mono text-xs', cell: (k) => `hd_${k.prefix}_…` },
                {
                  header: 'Scopes',
                  cell: (k) => (
                    <span className="flex flex-wrap gap-1">
                      {k.scopes.map((s) => (
                        <Badge key={s} className="font-mono">
                          {s}
                        </Badge>
                      ))}
                    </span>
                  ),
                },
                { header: 'Created', cell: (k) => when(k.createdAt) },
                { header: 'Last used', cell: (k) => when(k.lastUsedAt) },
                {
                  header: 'State',
                  cell: (k) =>
                    k.revokedAt ? <Badge tone="danger">Revoked {when(k.revokedAt)}</Badge> : <Badge tone="success">Active</Badge>,
                },
                {
                  header: 'Actions',
                  srOnly: true,
                  className: 'text-right',
                  cell: (k) => (k.revokedAt ? null : <RevokeKeyDialog apiKeyId={k.id} name={k.name} prefix={k.prefix} />),
                },
              ]}
              rows={keys}
              rowKey={(k) => k.id}
              rowProps={() => ({ 'data-testid': 'api-key-row' })}
            />
          )}
        </TitledCard>
      </div>
    </>
  );
}

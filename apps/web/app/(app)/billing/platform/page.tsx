import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { formatDay, formatMicros, lastInclusiveDay, parseDayRange, platformSpend } from '@helpdesk/billing';
import { DomainError } from '@helpdesk/db';
import { PageHeader } from '@/components/shell/page-header';
import { Card, CardContent } from '@/components/ui/card';
import { DataTable } from '@/components/ui/table';
import { systemDb } from '@/lib/clients';
import { requireMember } from '@/lib/session';
import { one, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'All tenants’ AI spend' };

/** Platform operators only: everyone else gets the same 404 as a page that does not exist. */
export default async function PlatformSpendPage({ searchParams }: { searchParams: SearchParams }) {
  const member = await requireMember();
  if (!member.platformAdmin) notFound();
  const params = await searchParams;
  let range = parseDayRange();
  try {
    range = parseDayRange(one(params.from), one(params.to));
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
  }
  const rows = await platformSpend(systemDb(), member, range);
  const sum = (f: (r: (typeof rows)[number]) => bigint) => rows.reduce((s, r) => s + f(r), 0n);
  return (
    <>
      <PageHeader title="All tenants’ AI spend" description={`From ${formatDay(range.from)} to ${lastInclusiveDay(range)} (UTC).`} />
      <Card>
        <CardContent>
          <DataTable
            columns={[
              {
                header: 'Tenant',
                cell: (r) => (
                  <>
                    {r.name} <span className="text-xs text-slate-600">({r.slug})</span>
                  </>
                ),
                total: 'All tenants',
              },
              {
                header: 'Calls',
                numeric: true,
                cell: (r) => r.calls.toLocaleString('en-US'),
                total: sum((r) => r.calls).toLocaleString('en-US'),
              },
              { header: 'Local', numeric: true, cell: (r) => formatMicros(r.localMicros), total: formatMicros(sum((r) => r.localMicros)) },
              { header: 'Cloud', numeric: true, cell: (r) => formatMicros(r.cloudMicros), total: formatMicros(sum((r) => r.cloudMicros)) },
              { header: 'Total', numeric: true, cell: (r) => formatMicros(r.costMicros), total: formatMicros(sum((r) => r.costMicros)) },
            ]}
            rows={rows}
            rowKey={(r) => r.tenantId}
          />
        </CardContent>
      </Card>
    </>
  );
}

import type { Metadata } from 'next';
import { formatMicros, listPrices, localComputePrice } from '@helpdesk/billing';
import { AddPriceForm, LocalComputeForm } from '@/components/billing/price-forms';
import { PageHeader } from '@/components/shell/page-header';
import { Badge } from '@/components/ui/badge';
import { TitledCard } from '@/components/ui/card';
import { DataTable } from '@/components/ui/table';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';
import { addPriceAction, setLocalComputeAction } from './actions';

export const metadata: Metadata = { title: 'Model prices' };

const STATUS_LABELS = { current: 'In force', scheduled: 'Scheduled', superseded: 'Superseded' } as const;

/** Dollars with six decimals and no thousands separator, as the form expects them back. */
function plainDollars(micros: bigint): string {
  return `${micros / 1_000_000n}.${(micros % 1_000_000n).toString().padStart(6, '0')}`.replace(/\.?0+$/, '') || '0';
}

export default async function PricesPage() {
  const member = await requireMember('admin.settings');
  const [prices, localPerHour] = await Promise.all([listPrices(db(), member.tenantId), localComputePrice(db(), member.tenantId)]);
  // An hour ahead by default: a price may not start in the past, and the form takes a while to fill in.
  const defaultFrom = new Date(Date.now() + 60 * 60_000).toISOString().slice(0, 16);
  return (
    <>
      <PageHeader
        title="Model prices"
        description="AI spend is computed from these prices when each call is recorded. A new price applies from its effective time; earlier calls keep their cost."
      />
      <div className="space-y-6">
        <TitledCard title="Local compute price">
          <LocalComputeForm action={setLocalComputeAction} current={plainDollars(localPerHour)} defaultFrom={defaultFrom} />
        </TitledCard>
        <TitledCard title="Add a price">
          <AddPriceForm action={addPriceAction} canEditPlatform={member.platformAdmin} defaultFrom={defaultFrom} />
        </TitledCard>
        <TitledCard title="Price catalog">
          <DataTable
            columns={[
              {
                header: 'Model',
                cell: (p) => (
                  <>
                    {p.model} <span className="text-xs text-slate-600">({p.provider === 'LOCAL' ? 'local' : 'cloud'})</span>
                  </>
                ),
              },
              { header: 'Applies to', cell: (p) => (p.scope === 'platform' ? 'Platform' : 'This workspace') },
              { header: 'Effective from (UTC)', cell: (p) => p.effectiveFrom.toISOString().slice(0, 16).replace('T', ' ') },
              {
                header: 'Input / output $/MTok',
                numeric: true,
                cell: (p) => `${formatMicros(p.inputPerMTokMicros)} / ${formatMicros(p.outputPerMTokMicros)}`,
              },
              {
                header: 'Cache write / read $/MTok',
                numeric: true,
                cell: (p) => `${formatMicros(p.cacheWritePerMTokMicros)} / ${formatMicros(p.cacheReadPerMTokMicros)}`,
              },
              { header: 'Compute $/h', numeric: true, cell: (p) => formatMicros(p.computePerHourMicros, 4) },
              { header: 'Status', cell: (p) => <Badge>{STATUS_LABELS[p.status]}</Badge> },
            ]}
            rows={prices}
            rowKey={(p) => p.id}
            rowProps={() => ({ 'data-testid': 'price-row' })}
          />
        </TitledCard>
      </div>
    </>
  );
}

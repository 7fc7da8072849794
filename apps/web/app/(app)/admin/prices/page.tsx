import type { Metadata } from 'next';
import { formatMicros, listPrices, localComputePrice } from '@helpdesk/billing';
import { AddPriceForm, LocalComputeForm } from '@/components/billing/price-forms';
import { PageHeader } from '@/components/shell/page-header';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
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
        <Card>
          <CardHeader>
            <CardTitle>Local compute price</CardTitle>
          </CardHeader>
          <CardContent>
            <LocalComputeForm action={setLocalComputeAction} current={plainDollars(localPerHour)} defaultFrom={defaultFrom} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Add a price</CardTitle>
          </CardHeader>
          <CardContent>
            <AddPriceForm action={addPriceAction} canEditPlatform={member.platformAdmin} defaultFrom={defaultFrom} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Price catalog</CardTitle>
          </CardHeader>
          <CardContent>
            <Table>
              <THead>
                <TR>
                  <TH>Model</TH>
                  <TH>Applies to</TH>
                  <TH>Effective from (UTC)</TH>
                  <TH className="text-right">Input / output $/MTok</TH>
                  <TH className="text-right">Cache write / read $/MTok</TH>
                  <TH className="text-right">Compute $/h</TH>
                  <TH>Status</TH>
                </TR>
              </THead>
              <TBody>
                {prices.map((p) => (
                  <TR key={p.id} data-testid="price-row">
                    <TD>
                      {p.model} <span className="text-xs text-slate-600">({p.provider === 'LOCAL' ? 'local' : 'cloud'})</span>
                    </TD>
                    <TD>{p.scope === 'platform' ? 'Platform' : 'This workspace'}</TD>
                    <TD>{p.effectiveFrom.toISOString().slice(0, 16).replace('T', ' ')}</TD>
                    <TD className="text-right">
                      {formatMicros(p.inputPerMTokMicros)} / {formatMicros(p.outputPerMTokMicros)}
                    </TD>
                    <TD className="text-right">
                      {formatMicros(p.cacheWritePerMTokMicros)} / {formatMicros(p.cacheReadPerMTokMicros)}
                    </TD>
                    <TD className="text-right">{formatMicros(p.computePerHourMicros, 4)}</TD>
                    <TD>
                      <Badge>{STATUS_LABELS[p.status]}</Badge>
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          </CardContent>
        </Card>
      </div>
    </>
  );
}

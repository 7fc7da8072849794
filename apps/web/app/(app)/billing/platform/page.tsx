import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { formatDay, formatMicros, lastInclusiveDay, parseDayRange, platformSpend } from '@helpdesk/billing';
import { DomainError } from '@helpdesk/db';
import { PageHeader } from '@/components/shell/page-header';
import { Card, CardContent } from '@/components/ui/card';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { systemDb } from '@/lib/clients';
import { requireMember } from '@/lib/session';

export const metadata: Metadata = { title: 'All tenants’ AI spend' };

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Platform operators only: everyone else gets the same 404 as a page that does not exist. */
export default async function PlatformSpendPage({ searchParams }: { searchParams: Search }) {
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
          <Table>
            <THead>
              <TR>
                <TH>Tenant</TH>
                <TH className="text-right">Calls</TH>
                <TH className="text-right">Local</TH>
                <TH className="text-right">Cloud</TH>
                <TH className="text-right">Total</TH>
              </TR>
            </THead>
            <TBody>
              {rows.map((r) => (
                <TR key={r.tenantId}>
                  <TD>
                    {r.name} <span className="text-xs text-slate-600">({r.slug})</span>
                  </TD>
                  <TD className="text-right">{r.calls.toLocaleString('en-US')}</TD>
                  <TD className="text-right">{formatMicros(r.localMicros)}</TD>
                  <TD className="text-right">{formatMicros(r.cloudMicros)}</TD>
                  <TD className="text-right">{formatMicros(r.costMicros)}</TD>
                </TR>
              ))}
              <TR className="font-semibold">
                <TD>All tenants</TD>
                <TD className="text-right">{sum((r) => r.calls).toLocaleString('en-US')}</TD>
                <TD className="text-right">{formatMicros(sum((r) => r.localMicros))}</TD>
                <TD className="text-right">{formatMicros(sum((r) => r.cloudMicros))}</TD>
                <TD className="text-right">{formatMicros(sum((r) => r.costMicros))}</TD>
              </TR>
            </TBody>
          </Table>
        </CardContent>
      </Card>
    </>
  );
}

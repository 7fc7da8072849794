import type { Metadata } from 'next';
import Link from 'next/link';
import {
  budgetStatus,
  cloudModels,
  DEFAULT_COUNTERFACTUAL_MODEL,
  formatDay,
  formatMicros,
  lastInclusiveDay,
  parseDayRange,
  spendReport,
  ticketCosts,
} from '@helpdesk/billing';
import { DomainError } from '@helpdesk/db';
import { BudgetMeter } from '@/components/billing/budget-meter';
import { FEATURE_LABELS, microsToNumber } from '@/components/billing/labels';
import { RangeForm } from '@/components/billing/range-form';
import { DailySpendChart, FeatureSpendChart } from '@/components/billing/spend-charts';
import { StatCard } from '@/components/billing/stat-card';
import { PageHeader } from '@/components/shell/page-header';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { db, systemDb } from '@/lib/clients';
import { requireMember } from '@/lib/session';

export const metadata: Metadata = { title: 'Billing' };

type Search = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function BillingPage({ searchParams }: { searchParams: Search }) {
  const member = await requireMember(['OWNER', 'ADMIN', 'BILLING_VIEWER']);
  const params = await searchParams;
  const models = await cloudModels(db(), member.tenantId);
  let error: { field?: string; message: string } | undefined;
  let range = parseDayRange();
  try {
    range = parseDayRange(one(params.from), one(params.to));
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    error = { field: e.field, message: e.field && e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message };
  }
  let compareModel = one(params.compare) ?? (models.includes(DEFAULT_COUNTERFACTUAL_MODEL) ? DEFAULT_COUNTERFACTUAL_MODEL : (models[0] ?? DEFAULT_COUNTERFACTUAL_MODEL));
  if (models.length > 0 && !models.includes(compareModel)) {
    error = { field: 'compare', message: 'Compare model: not a cloud model in the price catalog' };
    compareModel = models.includes(DEFAULT_COUNTERFACTUAL_MODEL) ? DEFAULT_COUNTERFACTUAL_MODEL : models[0]!;
  }
  const [report, tickets, budget, user] = await Promise.all([
    spendReport(db(), member.tenantId, range, { compareModel }),
    ticketCosts(db(), member.tenantId, range, 10),
    budgetStatus(db(), member.tenantId),
    systemDb().user.findUnique({ where: { id: member.userId }, select: { platformAdmin: true } }),
  ]);
  const from = formatDay(range.from);
  const to = lastInclusiveDay(range);
  const t = report.totals;
  const query = new URLSearchParams({ from, to }).toString();
  const month = new Date().toISOString().slice(0, 7);
  return (
    <>
      <PageHeader
        title="AI spend"
        description={`What AI cost ${member.tenantName} from ${from} to ${to} (UTC days).`}
        actions={
          <>
            <Button asChild variant="secondary">
              <a href={`/api/billing/export.csv?${query}`} download data-testid="csv-link">
                Download CSV
              </a>
            </Button>
            <Button asChild variant="secondary">
              <Link href={`/billing/statement/${month}`}>Monthly statement</Link>
            </Button>
            {user?.platformAdmin ? (
              <Button asChild variant="secondary">
                <Link href={`/billing/platform?${query}`}>All tenants</Link>
              </Button>
            ) : null}
          </>
        }
      />
      <div className="space-y-6">
        <Card>
          <CardContent>
            <RangeForm from={from} to={to} compareModel={compareModel} models={models} error={error} />
            {error && error.field !== 'from' && error.field !== 'to' ? (
              <p role="alert" className="mt-2 text-sm text-red-700">
                {error.message}
              </p>
            ) : null}
          </CardContent>
        </Card>
        <section aria-label="Totals" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <StatCard label="Total spend" value={formatMicros(t.costMicros)} micros={t.costMicros} testId="total-spend" detail={`${t.calls.toLocaleString('en-US')} AI calls · exact ${formatMicros(t.costMicros, 6)}`} />
          <StatCard label="Local models" value={formatMicros(t.localMicros)} micros={t.localMicros} testId="local-spend" detail="CPU time of the on-premise model" />
          <StatCard label="Cloud models" value={formatMicros(t.cloudMicros)} micros={t.cloudMicros} testId="cloud-spend" detail={`Escalation rate ${report.escalation.ratePercent}% of drafts`} />
          <StatCard
            label={`Saved vs all on ${compareModel}`}
            value={`${report.counterfactual.savingsPercent}%`}
            testId="savings"
            detail={`${formatMicros(report.counterfactual.savingsMicros)} less than ${formatMicros(report.counterfactual.costMicros)}`}
          />
        </section>
        <div className="grid gap-6 lg:grid-cols-3">
          <Card className="lg:col-span-2">
            <CardHeader>
              <CardTitle>Daily spend</CardTitle>
            </CardHeader>
            <CardContent>
              <DailySpendChart
                compareModel={compareModel}
                data={report.daily.map((d) => ({ day: d.day, local: microsToNumber(d.localMicros), cloud: microsToNumber(d.cloudMicros), allCloud: microsToNumber(d.counterfactualMicros) }))}
              />
            </CardContent>
          </Card>
          <BudgetMeter budget={budget} />
        </div>
        <div className="grid gap-6 lg:grid-cols-2">
          <Card>
            <CardHeader>
              <CardTitle>By feature</CardTitle>
            </CardHeader>
            <CardContent className="space-y-4">
              <FeatureSpendChart data={report.byFeature.map((f) => ({ feature: FEATURE_LABELS[f.feature], cost: microsToNumber(f.costMicros) }))} />
              <Table>
                <THead>
                  <TR>
                    <TH>Feature</TH>
                    <TH className="text-right">Calls</TH>
                    <TH className="text-right">Spend</TH>
                  </TR>
                </THead>
                <TBody>
                  {report.byFeature.map((f) => (
                    <TR key={f.feature}>
                      <TD>{FEATURE_LABELS[f.feature]}</TD>
                      <TD className="text-right">{f.calls.toLocaleString('en-US')}</TD>
                      <TD className="text-right">{formatMicros(f.costMicros, 4)}</TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>By model</CardTitle>
            </CardHeader>
            <CardContent>
              <Table>
                <THead>
                  <TR>
                    <TH>Model</TH>
                    <TH className="text-right">Calls</TH>
                    <TH className="text-right">Tokens in / out</TH>
                    <TH className="text-right">Spend</TH>
                  </TR>
                </THead>
                <TBody>
                  {report.byModel.map((m) => (
                    <TR key={`${m.provider}-${m.model}`}>
                      <TD>
                        {m.model} <span className="text-xs text-slate-600">({m.provider === 'LOCAL' ? 'local' : 'cloud'})</span>
                      </TD>
                      <TD className="text-right">{m.calls.toLocaleString('en-US')}</TD>
                      <TD className="text-right">
                        {m.tokensIn.toLocaleString('en-US')} / {m.tokensOut.toLocaleString('en-US')}
                      </TD>
                      <TD className="text-right">{formatMicros(m.costMicros, 4)}</TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
              {report.byModel.length === 0 ? <p className="mt-3 text-sm text-slate-600">No AI calls in this range.</p> : null}
            </CardContent>
          </Card>
        </div>
        <div className="grid gap-6 lg:grid-cols-2">
          <Card>
            <CardHeader>
              <CardTitle>Most expensive tickets</CardTitle>
            </CardHeader>
            <CardContent>
              <p className="mb-3 text-sm text-slate-600">
                {tickets.tickets.toLocaleString('en-US')} tickets used AI for {formatMicros(tickets.ticketMicros)}, {formatMicros(tickets.averageMicros, 4)} per ticket on average.
              </p>
              <Table>
                <THead>
                  <TR>
                    <TH>Ticket</TH>
                    <TH className="text-right">Calls</TH>
                    <TH className="text-right">Spend</TH>
                  </TR>
                </THead>
                <TBody>
                  {tickets.mostExpensive.map((tc) => (
                    <TR key={tc.ticketId}>
                      <TD>
                        {tc.number !== null && member.role !== 'BILLING_VIEWER' ? (
                          <Link className="text-brand-700 underline" href={`/tickets/${tc.number}`}>
                            #{tc.number} {tc.subject}
                          </Link>
                        ) : tc.number !== null ? (
                          `#${tc.number} ${tc.subject ?? ''}`
                        ) : (
                          'Deleted ticket'
                        )}
                      </TD>
                      <TD className="text-right">{tc.calls.toLocaleString('en-US')}</TD>
                      <TD className="text-right">{formatMicros(tc.costMicros, 4)}</TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>By week and month</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4 sm:grid-cols-2">
              <PeriodTable caption="Week (ISO)" rows={report.weekly} />
              <PeriodTable caption="Month" rows={report.monthly} />
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  );
}

function PeriodTable({ caption, rows }: { caption: string; rows: { period: string; costMicros: bigint }[] }) {
  return (
    <Table>
      <THead>
        <TR>
          <TH>{caption}</TH>
          <TH className="text-right">Spend</TH>
        </TR>
      </THead>
      <TBody>
        {rows.map((r) => (
          <TR key={r.period}>
            <TD>{r.period}</TD>
            <TD className="text-right">{formatMicros(r.costMicros)}</TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

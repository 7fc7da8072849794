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
import { loadConfig } from '@helpdesk/config';
import { DomainError } from '@helpdesk/db';
import { cloudSettings } from '@helpdesk/escalation';
import { BudgetMeter } from '@/components/billing/budget-meter';
import { FEATURE_LABELS, microsToNumber } from '@/components/billing/labels';
import { RangeForm } from '@/components/billing/range-form';
import { DailySpendChart, FeatureSpendChart } from '@/components/billing/spend-charts';
import { StatCard } from '@/components/billing/stat-card';
import { PageHeader } from '@/components/shell/page-header';
import { Button } from '@/components/ui/button';
import { Card, CardContent, TitledCard } from '@/components/ui/card';
import { DataTable } from '@/components/ui/table';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';
import { one, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Billing' };

export default async function BillingPage({ searchParams }: { searchParams: SearchParams }) {
  const member = await requireMember('billing.view');
  const params = await searchParams;
  const models = await cloudModels(db(), member.tenantId);
  const simulated = cloudSettings(loadConfig()).mode === 'simulated';
  let error: { field?: string; message: string } | undefined;
  let range = parseDayRange();
  try {
    range = parseDayRange(one(params.from), one(params.to));
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    error = { field: e.field, message: e.field && e.message.startsWith(`${e.field}: `) ? e.message.slice(e.field.length + 2) : e.message };
  }
  let compareModel =
    one(params.compare) ??
    (models.includes(DEFAULT_COUNTERFACTUAL_MODEL) ? DEFAULT_COUNTERFACTUAL_MODEL : (models[0] ?? DEFAULT_COUNTERFACTUAL_MODEL));
  if (models.length > 0 && !models.includes(compareModel)) {
    error = { field: 'compare', message: 'Compare model: not a cloud model in the price catalog' };
    compareModel = models.includes(DEFAULT_COUNTERFACTUAL_MODEL) ? DEFAULT_COUNTERFACTUAL_MODEL : models[0]!;
  }
  const [report, tickets, budget] = await Promise.all([
    spendReport(db(), member.tenantId, range, { compareModel }),
    ticketCosts(db(), member.tenantId, range, 10),
    budgetStatus(db(), member.tenantId),
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
            {member.platformAdmin ? (
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
        <section aria-label="Totals" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <StatCard
            label="Total spend"
            value={formatMicros(t.costMicros)}
            micros={t.costMicros}
            testId="total-spend"
            detail={`${t.calls.toLocaleString('en-US')} AI calls · exact ${formatMicros(t.costMicros, 6)}`}
          />
          <StatCard
            label="Local models"
            value={formatMicros(t.localMicros)}
            micros={t.localMicros}
            testId="local-spend"
            detail="CPU time of the on-premise model"
          />
          <StatCard
            label={simulated ? 'Cloud models (simulated)' : 'Cloud models'}
            value={formatMicros(t.cloudMicros)}
            micros={t.cloudMicros}
            testId="cloud-spend"
            detail="Tokens sent to the cloud model (escalated drafts)"
          />
          <StatCard
            label="Cost per ticket"
            value={formatMicros(report.perTicket.costMicros, 4)}
            micros={report.perTicket.costMicros}
            testId="cost-per-ticket"
            detail={`${report.perTicket.tickets.toLocaleString('en-US')} tickets triaged · all on ${compareModel}: ${formatMicros(report.perTicket.counterfactualMicros, 4)} per ticket`}
          />
          <StatCard
            label="Escalation rate"
            value={`${report.escalation.ratePercent}%`}
            testId="escalation-rate"
            detail={`${report.escalation.escalated.toLocaleString('en-US')} of ${(report.escalation.drafts + report.escalation.escalated).toLocaleString('en-US')} drafted tickets drafted by the cloud model`}
          />
          <StatCard
            label={`Saved vs all on ${compareModel}`}
            value={`${report.counterfactual.savingsPercent}%`}
            micros={report.counterfactual.savingsMicros}
            testId="savings"
            detail={`${formatMicros(report.counterfactual.savingsMicros)} less than ${formatMicros(report.counterfactual.costMicros)}`}
          />
        </section>
        {report.unpriced.calls > 0n ? <UnpricedNotice unpriced={report.unpriced} /> : null}
        <CounterfactualFormula report={report} compareModel={compareModel} />
        <div className="grid gap-6 lg:grid-cols-3">
          <TitledCard title="Daily spend" className="lg:col-span-2">
            <DailySpendChart
              compareModel={compareModel}
              data={report.daily.map((d) => ({
                day: d.day,
                local: microsToNumber(d.localMicros),
                cloud: microsToNumber(d.cloudMicros),
                allCloud: microsToNumber(d.counterfactualMicros),
              }))}
            />
          </TitledCard>
          <BudgetMeter budget={budget} />
        </div>
        <div className="grid gap-6 lg:grid-cols-2">
          <TitledCard title="By feature" contentClassName="space-y-4">
            <FeatureSpendChart
              data={report.byFeature.map((f) => ({ feature: FEATURE_LABELS[f.feature], cost: microsToNumber(f.costMicros) }))}
            />
            <DataTable
              columns={[
                { header: 'Feature', cell: (f) => FEATURE_LABELS[f.feature] },
                { header: 'Calls', numeric: true, cell: (f) => f.calls.toLocaleString('en-US') },
                { header: 'Spend', numeric: true, cell: (f) => formatMicros(f.costMicros, 4) },
              ]}
              rows={report.byFeature}
              rowKey={(f) => f.feature}
            />
          </TitledCard>
          <TitledCard title="By model">
            <DataTable
              columns={[
                {
                  header: 'Model',
                  cell: (m) => (
                    <>
                      {m.model}{' '}
                      <span className="text-xs text-slate-600">
                        ({m.provider === 'LOCAL' ? 'local' : simulated ? 'simulated cloud' : 'cloud'})
                      </span>
                    </>
                  ),
                },
                { header: 'Calls', numeric: true, cell: (m) => m.calls.toLocaleString('en-US') },
                {
                  header: 'Tokens in / out',
                  numeric: true,
                  cell: (m) => `${m.tokensIn.toLocaleString('en-US')} / ${m.tokensOut.toLocaleString('en-US')}`,
                },
                { header: 'Spend', numeric: true, cell: (m) => formatMicros(m.costMicros, 4) },
              ]}
              rows={report.byModel}
              rowKey={(m) => `${m.provider}-${m.model}`}
            />
            {report.byModel.length === 0 ? <p className="mt-3 text-sm text-slate-600">No AI calls in this range.</p> : null}
          </TitledCard>
        </div>
        <div className="grid gap-6 lg:grid-cols-2">
          <TitledCard title="Most expensive tickets">
            <p className="mb-3 text-sm text-slate-600">
              {tickets.tickets.toLocaleString('en-US')} tickets used AI for {formatMicros(tickets.ticketMicros)},{' '}
              {formatMicros(tickets.averageMicros, 4)} per ticket on average.
            </p>
            <DataTable
              columns={[
                {
                  header: 'Ticket',
                  cell: (tc) =>
                    tc.number !== null && member.role !== 'BILLING_VIEWER' ? (
                      <Link className="text-brand-700 underline" href={`/tickets/${tc.number}`}>
                        #{tc.number} {tc.subject}
                      </Link>
                    ) : tc.number !== null ? (
                      `#${tc.number} ${tc.subject ?? ''}`
                    ) : (
                      'Deleted ticket'
                    ),
                },
                { header: 'Calls', numeric: true, cell: (tc) => tc.calls.toLocaleString('en-US') },
                { header: 'Spend', numeric: true, cell: (tc) => formatMicros(tc.costMicros, 4) },
              ]}
              rows={tickets.mostExpensive}
              rowKey={(tc) => tc.ticketId}
            />
          </TitledCard>
          <TitledCard title="By week and month" contentClassName="grid gap-4 sm:grid-cols-2">
            <PeriodTable caption="Week (ISO)" rows={report.weekly} />
            <PeriodTable caption="Month" rows={report.monthly} />
          </TitledCard>
        </div>
      </div>
    </>
  );
}

type Report = Awaited<ReturnType<typeof spendReport>>;

/** Calls priced without a catalog price of their own are named, never folded silently into the totals. */
function UnpricedNotice({ unpriced }: { unpriced: Report['unpriced'] }) {
  return (
    <section
      aria-labelledby="unpriced-heading"
      className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
      data-testid="unpriced-calls"
      data-calls={unpriced.calls.toString()}
    >
      <h2 id="unpriced-heading" className="font-semibold">
        {unpriced.calls.toLocaleString('en-US')} AI calls used a model with no price in the catalog
      </h2>
      <ul className="mt-1 list-disc pl-5">
        {unpriced.models.map((m) => (
          <li key={`${m.provider}-${m.model}`} data-testid="unpriced-model">
            {m.model} ({m.provider === 'LOCAL' ? 'local' : 'cloud'}): {m.calls.toLocaleString('en-US')} calls
          </li>
        ))}
      </ul>
      <p className="mt-1">
        Cloud calls among them are counted at $0 and local ones at your fallback CPU-hour price, so the totals above may be too low. An
        administrator can add the missing prices under Admin, Prices; calls already recorded keep the cost they were recorded at.
      </p>
    </section>
  );
}

/** The counterfactual's rule with this range's own numbers, so the savings figure can be checked by hand. */
function CounterfactualFormula({ report, compareModel }: { report: Report; compareModel: string }) {
  const c = report.counterfactual;
  return (
    <details className="rounded-md border border-slate-200 bg-white p-4 text-sm text-slate-700" data-testid="counterfactual-formula">
      <summary className="cursor-pointer font-medium text-slate-900">How is this computed?</summary>
      <div className="mt-2 space-y-2">
        <p>
          <strong>All-cloud cost</strong> is what a helpdesk sending everything to {compareModel} would pay for the same tickets: exactly
          one triage call and one draft call per ticket, with the same thread and the same knowledge excerpts. In this range that is{' '}
          {c.triageCalls.toLocaleString('en-US')} triage calls and {c.draftCalls.toLocaleString('en-US')} draft calls,{' '}
          {formatMicros(c.costMicros, 6)} in total.
        </p>
        <p className="font-mono text-xs">
          all-cloud = Σ per day ( input tokens × input price + output tokens × output price + cache writes × cache-write price + cache reads
          × cache-read price ) ÷ 1,000,000, at {compareModel}&apos;s prices in force that day, rounded to the micro-dollar once per day
        </p>
        <p>
          A draft that really went to the cloud counts at the tokens the cloud model reported. A local triage or draft counts at the tokens
          the same request would carry to the cloud: its prompt and answer at four characters a token. Not counted: knowledge-base
          embeddings and retrieval, retried and failed cloud attempts, local fallback drafts, later drafts of a ticket already counted, and
          thread summaries.
        </p>
        <p className="font-mono text-xs">
          savings = all-cloud − actual spend = {formatMicros(c.costMicros, 6)} − {formatMicros(report.totals.costMicros, 6)} ={' '}
          {formatMicros(c.savingsMicros, 6)} ({c.savingsPercent}%)
        </p>
        <p>
          <strong>Actual spend</strong> is the sum of the AI ledger: local calls at their compute time (not the time they waited for the
          model) times the CPU-hour price, cloud calls at their tokens times the model&apos;s prices. <strong>Cost per ticket</strong> is
          the actual spend divided by the tickets triaged in the range; the <strong>escalation rate</strong> is the share of drafted tickets
          whose draft came from the cloud model.
        </p>
      </div>
    </details>
  );
}

function PeriodTable({ caption, rows }: { caption: string; rows: { period: string; costMicros: bigint }[] }) {
  return (
    <DataTable
      columns={[
        { header: caption, cell: (r) => r.period },
        { header: 'Spend', numeric: true, cell: (r) => formatMicros(r.costMicros) },
      ]}
      rows={rows}
      rowKey={(r) => r.period}
    />
  );
}

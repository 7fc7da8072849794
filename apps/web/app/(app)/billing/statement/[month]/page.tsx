import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatMicros, parseMonth, spendReport } from '@helpdesk/billing';
import { findBudget } from '@helpdesk/escalation';
import { DomainError } from '@helpdesk/db';
import { FEATURE_LABELS } from '@/components/billing/labels';
import { PrintButton } from '@/components/billing/print-button';
import { DataTable } from '@/components/ui/table';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';

export const metadata: Metadata = { title: 'Monthly AI statement' };

// The app shell's sidebar and the page's own controls are not part of the printed statement.
const PRINT_CSS = `@media print {
  aside, [data-print-hide], a[href="#main"] { display: none !important; }
  main { padding: 0 !important; }
  body { background: white; }
  table { page-break-inside: auto; }
  tr { page-break-inside: avoid; }
}`;

function shiftMonth(month: string, by: number): string {
  const { from } = parseMonth(month);
  return new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + by, 1)).toISOString().slice(0, 7);
}

export default async function StatementPage({ params }: { params: Promise<{ month: string }> }) {
  const member = await requireMember('billing.view');
  const { month } = await params;
  let range;
  try {
    range = parseMonth(month);
  } catch (e) {
    if (e instanceof DomainError) notFound();
    throw e;
  }
  const [report, budget] = await Promise.all([spendReport(db(), member.tenantId, range), findBudget(db(), member.tenantId, month)]);
  const t = report.totals;
  const monthName = range.from.toLocaleDateString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return (
    <article className="mx-auto max-w-3xl space-y-6 bg-white p-6 print:max-w-none print:p-0" aria-labelledby="statement-title">
      <style>{PRINT_CSS}</style>
      <header className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <h1 id="statement-title" className="text-2xl font-semibold text-slate-900">
            AI usage statement — {monthName}
          </h1>
          <p className="text-sm text-slate-700">{member.tenantName}</p>
          <p className="text-xs text-slate-600">
            Period {range.from.toISOString().slice(0, 10)} to {new Date(range.to.getTime() - 1).toISOString().slice(0, 10)} (UTC). Issued{' '}
            {new Date().toISOString().slice(0, 10)}.
          </p>
        </div>
        <nav aria-label="Statement months" className="flex items-center gap-2" data-print-hide>
          <Link className="text-sm text-brand-700 underline" href="/billing">
            Back to billing
          </Link>
          <Link className="text-sm text-brand-700 underline" href={`/billing/statement/${shiftMonth(month, -1)}`}>
            Previous month
          </Link>
          <Link className="text-sm text-brand-700 underline" href={`/billing/statement/${shiftMonth(month, 1)}`}>
            Next month
          </Link>
          <PrintButton />
        </nav>
      </header>
      <section aria-labelledby="statement-models">
        <h2 id="statement-models" className="mb-2 text-base font-semibold text-slate-900">
          Charges by model
        </h2>
        <DataTable
          columns={[
            { header: 'Model', cell: (m) => `${m.model} (${m.provider === 'LOCAL' ? 'local' : 'cloud'})`, total: 'Total' },
            { header: 'Calls', numeric: true, cell: (m) => m.calls.toLocaleString('en-US'), total: t.calls.toLocaleString('en-US') },
            {
              header: 'Tokens in',
              numeric: true,
              cell: (m) => m.tokensIn.toLocaleString('en-US'),
              total: t.tokensIn.toLocaleString('en-US'),
            },
            {
              header: 'Tokens out',
              numeric: true,
              cell: (m) => m.tokensOut.toLocaleString('en-US'),
              total: t.tokensOut.toLocaleString('en-US'),
            },
            { header: 'Compute (h)', numeric: true, cell: (m) => (Number(m.computeMs) / 3_600_000).toFixed(2) },
            {
              header: 'Amount',
              numeric: true,
              cell: (m) => formatMicros(m.costMicros, 4),
              total: (
                <span data-testid="statement-total" data-micros={t.costMicros.toString()}>
                  {formatMicros(t.costMicros, 4)}
                </span>
              ),
            },
          ]}
          rows={report.byModel}
          rowKey={(m) => `${m.provider}-${m.model}`}
        />
      </section>
      <section aria-labelledby="statement-features">
        <h2 id="statement-features" className="mb-2 text-base font-semibold text-slate-900">
          By feature
        </h2>
        <DataTable
          columns={[
            { header: 'Feature', cell: (f) => FEATURE_LABELS[f.feature] },
            { header: 'Calls', numeric: true, cell: (f) => f.calls.toLocaleString('en-US') },
            { header: 'Amount', numeric: true, cell: (f) => formatMicros(f.costMicros, 4) },
          ]}
          rows={report.byFeature.filter((f) => f.calls > 0n)}
          rowKey={(f) => f.feature}
        />
      </section>
      <section aria-labelledby="statement-summary" className="grid gap-2 text-sm text-slate-800">
        <h2 id="statement-summary" className="text-base font-semibold text-slate-900">
          Summary
        </h2>
        <p>
          Local {formatMicros(t.localMicros)} · Cloud {formatMicros(t.cloudMicros)} · Tickets drafted by the cloud model{' '}
          {report.escalation.escalated.toLocaleString('en-US')} of{' '}
          {(report.escalation.drafts + report.escalation.escalated).toLocaleString('en-US')} ({report.escalation.ratePercent}%) · Cost per
          ticket {formatMicros(report.perTicket.costMicros, 4)} over {report.perTicket.tickets.toLocaleString('en-US')} tickets
        </p>
        <p>
          All on {report.counterfactual.model} (one triage and one draft call per ticket,{' '}
          {report.counterfactual.triageCalls.toLocaleString('en-US')} + {report.counterfactual.draftCalls.toLocaleString('en-US')} calls)
          would have cost {formatMicros(report.counterfactual.costMicros)}: {report.counterfactual.savingsPercent}% saved.
        </p>
        {report.unpriced.calls > 0n ? (
          <p data-testid="statement-unpriced">
            {report.unpriced.calls.toLocaleString('en-US')} calls used models with no catalog price (
            {report.unpriced.models.map((m) => m.model).join(', ')}): cloud ones are counted at $0, local ones at the fallback CPU-hour
            price.
          </p>
        ) : null}
        {budget ? (
          <p>
            Cloud budget {formatMicros(budget.limitMicros)}, spent {formatMicros(budget.spentMicros)}.
          </p>
        ) : null}
        <p className="text-xs text-slate-600">
          Amounts are exact to the micro-dollar and shown rounded; the CSV export lists them unrounded.
        </p>
      </section>
    </article>
  );
}

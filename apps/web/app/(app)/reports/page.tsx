import type { Metadata } from 'next';
import { loadConfig } from '@helpdesk/config';
import { DRAFT_SOURCE_LABEL } from '@helpdesk/core/labels';
import { cloudSettings } from '@helpdesk/escalation';
import { leadReports, type Attainment, type Durations, type ReportTable, type SupportRow } from '@helpdesk/reports';
import { AttainmentChart, DraftOutcomeChart, VolumeChart } from '@/components/reports/report-charts';
import { ReportRangeForm } from '@/components/reports/range-form';
import { StatCard } from '@/components/billing/stat-card';
import { PageHeader } from '@/components/shell/page-header';
import { Card, CardContent, TitledCard } from '@/components/ui/card';
import { DataTable } from '@/components/ui/table';
import { db } from '@/lib/clients';
import { memberActor, requireMember } from '@/lib/session';
import { one, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Reports' };

const TRIAGE_SOURCE_LABEL: Record<string, string> = { CLASSIFIER: 'Learned classifier', LOCAL_MODEL: 'Local model', AGENT: 'Agent' };
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** 45 min, 2 h 05 min, 3 d 4 h: precise enough to compare, short enough for a table cell. */
function duration(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 60) return `${Math.round(minutes * 10) / 10} min`;
  const m = Math.round(minutes);
  if (m < 24 * 60) return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(m / 1440)} d ${Math.round((m % 1440) / 60)} h`;
}

const pct = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`);
const attained = (a: Attainment) => (a.rate === null ? '—' : `${pct(a.rate)} (${a.met} of ${a.met + a.missed})`);
const times = (d: Durations) => `${duration(d.medianMinutes)} / ${duration(d.p90Minutes)}`;

export default async function ReportsPage({ searchParams }: { searchParams: SearchParams }) {
  const member = await requireMember('reports.view');
  const params = await searchParams;
  const { range, error, support, ai } = await leadReports(db(), memberActor(member), { from: one(params.from), to: one(params.to) });
  const simulated = cloudSettings(loadConfig()).mode === 'simulated';
  const sourceLabel = (source: keyof typeof DRAFT_SOURCE_LABEL) =>
    source === 'CLOUD' && simulated ? 'Cloud model (simulated)' : DRAFT_SOURCE_LABEL[source];
  const query = new URLSearchParams({ from: range.fromDay, to: range.toDay }).toString();
  const csv = (table: ReportTable) => `/api/reports/export.csv?table=${table}&${query}`;
  const clock =
    support.clock.kind === 'business'
      ? `business hours (${support.clock.hours.days.map((d) => WEEKDAYS[d]).join(', ')} ${support.clock.hours.start}–${support.clock.hours.end})`
      : 'calendar time (no business hours set)';
  const t = support.totals;
  const solved = support.volume.reduce((sum, p) => sum + p.solved, 0);

  return (
    <>
      <PageHeader
        title="Reports"
        description={`Tickets created from ${range.fromDay} to ${range.toDay}, days in ${range.timeZone}. Times are median / 90th percentile in ${clock}.`}
      />
      <div className="space-y-6">
        <Card>
          <CardContent>
            <ReportRangeForm from={range.fromDay} to={range.toDay} error={error} />
          </CardContent>
        </Card>

        <section aria-label="Totals" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <StatCard
            label="Tickets created"
            value={t.created.toLocaleString('en-US')}
            testId="stat-created"
            detail={`${solved.toLocaleString('en-US')} solved in the range`}
          />
          <StatCard
            label="First response, median"
            value={duration(t.firstResponse.medianMinutes)}
            testId="stat-first-response"
            detail={`90th percentile ${duration(t.firstResponse.p90Minutes)} · ${t.firstResponse.count} answered`}
          />
          <StatCard
            label="Resolution, median"
            value={duration(t.resolution.medianMinutes)}
            testId="stat-resolution"
            detail={`90th percentile ${duration(t.resolution.p90Minutes)} · ${t.resolution.count} resolved`}
          />
          <StatCard
            label="First-response SLA met"
            value={pct(t.firstResponseSla.rate)}
            testId="stat-first-response-sla"
            detail={`${t.firstResponseSla.met} met, ${t.firstResponseSla.missed} missed; tickets still inside their target are not counted`}
          />
          <StatCard
            label="Resolution SLA met"
            value={pct(t.resolutionSla.rate)}
            testId="stat-resolution-sla"
            detail={`${t.resolutionSla.met} met, ${t.resolutionSla.missed} missed`}
          />
        </section>

        <TitledCard title="Volume" contentClassName="space-y-4">
          <VolumeChart data={support.volume} bucket={range.bucket} />
          <CsvLink href={csv('volume')} label="volume table" />
          <details>
            <summary className="cursor-pointer text-sm font-medium text-slate-900">Volume as a table</summary>
            <DataTable
              data-testid="volume-table"
              caption={`Tickets created and solved per ${range.bucket}`}
              columns={[
                { header: range.bucket === 'week' ? 'Week of' : 'Day', cell: (p) => p.period },
                { header: 'Created', numeric: true, cell: (p) => p.created },
                { header: 'Solved', numeric: true, cell: (p) => p.solved },
              ]}
              rows={support.volume}
              rowKey={(p) => p.period}
            />
          </details>
        </TitledCard>

        <BreakdownCard title="By agent" table="agents" column="Agent" rows={support.byAgent} totals={t} csvHref={csv('agents')} chart />
        <BreakdownCard title="By team" table="groups" column="Group" rows={support.byGroup} totals={t} csvHref={csv('groups')} />
        <BreakdownCard
          title="By category"
          table="categories"
          column="Category"
          rows={support.byCategory}
          totals={t}
          csvHref={csv('categories')}
        />

        <TitledCard title="AI drafts in practice" contentClassName="space-y-4">
          <p className="text-sm text-slate-700">
            Drafts written in the range by each source, and what reviewers did with them. Edit distance is the Levenshtein distance between
            the draft and the reply sent, over the longer text&apos;s length (0 = unchanged, 1 = rewritten), recorded when the draft is
            approved.
          </p>
          <DraftOutcomeChart
            data={ai.drafts.map((d) => ({
              source: sourceLabel(d.source),
              unchanged: d.approvedUnchanged,
              edited: d.approvedEdited,
              discarded: d.discarded,
              other: d.notReviewed + d.failed + d.approvedUnmeasured,
            }))}
          />
          <CsvLink href={csv('ai-drafts')} label="AI drafts table" />
          <DataTable
            data-testid="ai-drafts-table"
            caption="Draft outcomes by source"
            columns={[
              { header: 'Source', rowHeader: true, cell: (d) => sourceLabel(d.source) },
              { header: 'Drafts', numeric: true, cell: (d) => d.drafts },
              {
                header: 'Sent unchanged',
                numeric: true,
                cell: (d) => (
                  <>
                    {d.approvedUnchanged}
                    {d.autoSent > 0 ? <span className="block text-xs text-slate-600">{d.autoSent} auto-sent</span> : null}
                  </>
                ),
              },
              { header: 'Sent after editing', numeric: true, cell: (d) => d.approvedEdited },
              {
                header: 'Edit distance (median / mean)',
                numeric: true,
                cell: (d) => (
                  <>
                    {d.editRatioMedian === null ? '—' : `${d.editRatioMedian.toFixed(2)} / ${(d.editRatioMean ?? 0).toFixed(2)}`}
                    {d.editCharsMedian === null ? null : (
                      <span className="block text-xs text-slate-600">median {d.editCharsMedian} characters changed</span>
                    )}
                  </>
                ),
              },
              { header: 'Discarded', numeric: true, cell: (d) => d.discarded },
              { header: 'Not reviewed', numeric: true, cell: (d) => d.notReviewed },
              { header: 'Failed', numeric: true, cell: (d) => d.failed },
              { header: 'Unchanged share', numeric: true, cell: (d) => pct(d.acceptedUnchangedRate) },
            ]}
            rows={ai.drafts}
            rowKey={(d) => d.source}
            rowProps={(d) => ({ 'data-source': d.source })}
          />
          {ai.drafts.some((d) => d.approvedUnmeasured > 0) ? (
            <p className="text-xs text-slate-600">
              {ai.drafts.reduce((s, d) => s + d.approvedUnmeasured, 0)} drafts were approved before edits were measured; they count as
              drafts but not as unchanged or edited.
            </p>
          ) : null}
        </TitledCard>

        <TitledCard title="Triage corrections" contentClassName="space-y-4">
          <p className="text-sm text-slate-700">
            Triage results written in the range by each source, and how many an agent corrected (a chip or the ticket&apos;s category
            changed to another value before the next triage).
          </p>
          <CsvLink href={csv('ai-triage')} label="triage corrections table" />
          <DataTable
            data-testid="ai-triage-table"
            caption="Triage corrections by source"
            columns={[
              { header: 'Source', rowHeader: true, cell: (r) => TRIAGE_SOURCE_LABEL[r.source] ?? r.source },
              { header: 'Triaged', numeric: true, cell: (r) => r.triaged },
              { header: 'Corrected', numeric: true, cell: (r) => r.corrected },
              { header: 'Category', numeric: true, cell: (r) => r.categoryCorrected },
              { header: 'Priority', numeric: true, cell: (r) => r.priorityCorrected },
              { header: 'Sentiment', numeric: true, cell: (r) => r.sentimentCorrected },
              { header: 'Corrected share', numeric: true, cell: (r) => pct(r.correctionRate) },
            ]}
            rows={ai.triage}
            rowKey={(r) => r.source}
            rowProps={(r) => ({ 'data-source': r.source })}
          />
        </TitledCard>
      </div>
    </>
  );
}

function CsvLink({ href, label }: { href: string; label: string }) {
  return (
    <a href={href} download className="inline-block text-sm font-medium text-brand-700 underline" data-testid="csv-link">
      Download {label} (CSV)
    </a>
  );
}

function BreakdownCard({
  title,
  table,
  column,
  rows,
  totals,
  csvHref,
  chart = false,
}: {
  title: string;
  table: ReportTable;
  column: string;
  rows: SupportRow[];
  totals: SupportRow;
  csvHref: string;
  chart?: boolean;
}) {
  return (
    <TitledCard title={title} contentClassName="space-y-4">
      {chart ? (
        <AttainmentChart
          id={`${table}-sla-chart`}
          title={`SLA met ${title.toLowerCase()}`}
          data={rows
            .filter((r) => r.firstResponseSla.rate !== null || r.resolutionSla.rate !== null)
            .map((r) => ({
              name: r.name,
              firstResponse: r.firstResponseSla.rate === null ? null : Math.round(r.firstResponseSla.rate * 1000) / 10,
              resolution: r.resolutionSla.rate === null ? null : Math.round(r.resolutionSla.rate * 1000) / 10,
            }))}
        />
      ) : null}
      <CsvLink href={csvHref} label={`${column.toLowerCase()} table`} />
      <DataTable
        data-testid={`${table}-table`}
        caption={`Response times and SLA attainment ${title.toLowerCase()}`}
        columns={[
          { header: column, rowHeader: true, className: 'max-w-48 truncate', cell: (r) => r.name, cellProps: (r) => ({ title: r.name }) },
          { header: 'Created', numeric: true, cell: (r) => r.created },
          { header: 'First response (median / p90)', numeric: true, className: 'whitespace-nowrap', cell: (r) => times(r.firstResponse) },
          { header: 'Resolution (median / p90)', numeric: true, className: 'whitespace-nowrap', cell: (r) => times(r.resolution) },
          { header: 'First-response SLA met', numeric: true, className: 'whitespace-nowrap', cell: (r) => attained(r.firstResponseSla) },
          { header: 'Resolution SLA met', numeric: true, className: 'whitespace-nowrap', cell: (r) => attained(r.resolutionSla) },
        ]}
        rows={[...rows, totals]}
        rowKey={(r) => r.id ?? `none-${r.name}`}
        rowProps={(r) => ({ className: r === totals ? 'font-semibold' : undefined })}
      />
    </TitledCard>
  );
}

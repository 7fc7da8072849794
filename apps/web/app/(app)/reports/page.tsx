import type { Metadata } from 'next';
import { loadConfig } from '@helpdesk/config';
import { DRAFT_SOURCE_LABEL } from '@helpdesk/core/labels';
import { cloudSettings } from '@helpdesk/escalation';
import { leadReports, type Attainment, type Durations, type ReportTable, type SupportRow } from '@helpdesk/reports';
import { AttainmentChart, DraftOutcomeChart, VolumeChart } from '@/components/reports/report-charts';
import { ReportRangeForm } from '@/components/reports/range-form';
import { StatCard } from '@/components/billing/stat-card';
import { PageHeader } from '@/components/shell/page-header';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { db } from '@/lib/clients';
import { memberActor, requireMember } from '@/lib/session';

export const metadata: Metadata = { title: 'Reports' };

type Search = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

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

export default async function ReportsPage({ searchParams }: { searchParams: Search }) {
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

        <Card>
          <CardHeader>
            <CardTitle>Volume</CardTitle>
          </CardHeader>
          <CardContent className="space-y-4">
            <VolumeChart data={support.volume} bucket={range.bucket} />
            <CsvLink href={csv('volume')} label="volume table" />
            <details>
              <summary className="cursor-pointer text-sm font-medium text-slate-900">Volume as a table</summary>
              <Table data-testid="volume-table">
                <caption className="sr-only">Tickets created and solved per {range.bucket}</caption>
                <THead>
                  <TR>
                    <TH>{range.bucket === 'week' ? 'Week of' : 'Day'}</TH>
                    <TH className="text-right">Created</TH>
                    <TH className="text-right">Solved</TH>
                  </TR>
                </THead>
                <TBody>
                  {support.volume.map((p) => (
                    <TR key={p.period}>
                      <TD>{p.period}</TD>
                      <TD className="text-right">{p.created}</TD>
                      <TD className="text-right">{p.solved}</TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </details>
          </CardContent>
        </Card>

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

        <Card>
          <CardHeader>
            <CardTitle>AI drafts in practice</CardTitle>
          </CardHeader>
          <CardContent className="space-y-4">
            <p className="text-sm text-slate-700">
              Drafts written in the range by each source, and what reviewers did with them. Edit distance is the Levenshtein distance
              between the draft and the reply sent, over the longer text&apos;s length (0 = unchanged, 1 = rewritten), recorded when the
              draft is approved.
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
            <Table data-testid="ai-drafts-table">
              <caption className="sr-only">Draft outcomes by source</caption>
              <THead>
                <TR>
                  <TH>Source</TH>
                  <TH className="text-right">Drafts</TH>
                  <TH className="text-right">Sent unchanged</TH>
                  <TH className="text-right">Sent after editing</TH>
                  <TH className="text-right">Edit distance (median / mean)</TH>
                  <TH className="text-right">Discarded</TH>
                  <TH className="text-right">Not reviewed</TH>
                  <TH className="text-right">Failed</TH>
                  <TH className="text-right">Unchanged share</TH>
                </TR>
              </THead>
              <TBody>
                {ai.drafts.map((d) => (
                  <TR key={d.source} data-source={d.source}>
                    <TH scope="row" className="font-normal">
                      {sourceLabel(d.source)}
                    </TH>
                    <TD className="text-right">{d.drafts}</TD>
                    <TD className="text-right">
                      {d.approvedUnchanged}
                      {d.autoSent > 0 ? <span className="block text-xs text-slate-600">{d.autoSent} auto-sent</span> : null}
                    </TD>
                    <TD className="text-right">{d.approvedEdited}</TD>
                    <TD className="text-right">
                      {d.editRatioMedian === null ? '—' : `${d.editRatioMedian.toFixed(2)} / ${(d.editRatioMean ?? 0).toFixed(2)}`}
                      {d.editCharsMedian === null ? null : (
                        <span className="block text-xs text-slate-600">median {d.editCharsMedian} characters changed</span>
                      )}
                    </TD>
                    <TD className="text-right">{d.discarded}</TD>
                    <TD className="text-right">{d.notReviewed}</TD>
                    <TD className="text-right">{d.failed}</TD>
                    <TD className="text-right">{pct(d.acceptedUnchangedRate)}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
            {ai.drafts.some((d) => d.approvedUnmeasured > 0) ? (
              <p className="text-xs text-slate-600">
                {ai.drafts.reduce((s, d) => s + d.approvedUnmeasured, 0)} drafts were approved before edits were measured; they count as
                drafts but not as unchanged or edited.
              </p>
            ) : null}
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Triage corrections</CardTitle>
          </CardHeader>
          <CardContent className="space-y-4">
            <p className="text-sm text-slate-700">
              Triage results written in the range by each source, and how many an agent corrected (a chip or the ticket&apos;s category
              changed to another value before the next triage).
            </p>
            <CsvLink href={csv('ai-triage')} label="triage corrections table" />
            <Table data-testid="ai-triage-table">
              <caption className="sr-only">Triage corrections by source</caption>
              <THead>
                <TR>
                  <TH>Source</TH>
                  <TH className="text-right">Triaged</TH>
                  <TH className="text-right">Corrected</TH>
                  <TH className="text-right">Category</TH>
                  <TH className="text-right">Priority</TH>
                  <TH className="text-right">Sentiment</TH>
                  <TH className="text-right">Corrected share</TH>
                </TR>
              </THead>
              <TBody>
                {ai.triage.map((r) => (
                  <TR key={r.source} data-source={r.source}>
                    <TH scope="row" className="font-normal">
                      {TRIAGE_SOURCE_LABEL[r.source] ?? r.source}
                    </TH>
                    <TD className="text-right">{r.triaged}</TD>
                    <TD className="text-right">{r.corrected}</TD>
                    <TD className="text-right">{r.categoryCorrected}</TD>
                    <TD className="text-right">{r.priorityCorrected}</TD>
                    <TD className="text-right">{r.sentimentCorrected}</TD>
                    <TD className="text-right">{pct(r.correctionRate)}</TD>
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
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardContent className="space-y-4">
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
        <Table data-testid={`${table}-table`}>
          <caption className="sr-only">Response times and SLA attainment {title.toLowerCase()}</caption>
          <THead>
            <TR>
              <TH>{column}</TH>
              <TH className="text-right">Created</TH>
              <TH className="text-right">First response (median / p90)</TH>
              <TH className="text-right">Resolution (median / p90)</TH>
              <TH className="text-right">First-response SLA met</TH>
              <TH className="text-right">Resolution SLA met</TH>
            </TR>
          </THead>
          <TBody>
            {[...rows, totals].map((r) => (
              <TR key={r.id ?? `none-${r.name}`} className={r === totals ? 'font-semibold' : undefined}>
                <TH scope="row" className="max-w-48 truncate font-normal" title={r.name}>
                  {r.name}
                </TH>
                <TD className="text-right">{r.created}</TD>
                <TD className="text-right whitespace-nowrap">{times(r.firstResponse)}</TD>
                <TD className="text-right whitespace-nowrap">{times(r.resolution)}</TD>
                <TD className="text-right whitespace-nowrap">{attained(r.firstResponseSla)}</TD>
                <TD className="text-right whitespace-nowrap">{attained(r.resolutionSla)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </CardContent>
    </Card>
  );
}

import { csvCell } from '@helpdesk/billing';
import { z } from 'zod';
import type { AiQualityReport } from './ai-quality';
import type { SupportReport, SupportRow } from './support';

/** The tables of the reports page, each downloadable as CSV with the same rows the page shows. */
export const REPORT_TABLES = ['volume', 'groups', 'agents', 'categories', 'ai-drafts', 'ai-triage'] as const;
export const reportTableSchema = z.enum(REPORT_TABLES);
export type ReportTable = z.infer<typeof reportTableSchema>;

type Cell = string | number | null;

function csv(header: string[], rows: Cell[][]): string {
  return `${[header, ...rows].map((row) => row.map((v) => csvCell(v === null ? '' : String(v))).join(',')).join('\r\n')}\r\n`;
}

const pct = (rate: number | null) => (rate === null ? null : (Math.round(rate * 1000) / 10).toFixed(1));

const SUPPORT_HEADER = [
  'name',
  'created',
  'first_response_count',
  'first_response_median_minutes',
  'first_response_p90_minutes',
  'resolution_count',
  'resolution_median_minutes',
  'resolution_p90_minutes',
  'first_response_sla_met',
  'first_response_sla_missed',
  'first_response_sla_met_pct',
  'resolution_sla_met',
  'resolution_sla_missed',
  'resolution_sla_met_pct',
];

function supportLine(r: SupportRow): Cell[] {
  return [
    r.name,
    r.created,
    r.firstResponse.count,
    r.firstResponse.medianMinutes,
    r.firstResponse.p90Minutes,
    r.resolution.count,
    r.resolution.medianMinutes,
    r.resolution.p90Minutes,
    r.firstResponseSla.met,
    r.firstResponseSla.missed,
    pct(r.firstResponseSla.rate),
    r.resolutionSla.met,
    r.resolutionSla.missed,
    pct(r.resolutionSla.rate),
  ];
}

function loaded<T>(report: T | null, table: ReportTable): T {
  if (!report) throw new Error(`reportCsv: the ${table} table needs its report`);
  return report;
}

/**
 * One table as CSV (CRLF lines, header first); breakdown tables end with the all-tickets line. Support tables read
 * `support`, the ai-* tables read `ai`; the other may be null.
 */
export function reportCsv(table: ReportTable, supportReport: SupportReport | null, aiReport: AiQualityReport | null): string {
  const support = () => loaded(supportReport, table);
  const ai = () => loaded(aiReport, table);
  switch (table) {
    case 'volume':
      return csv(
        [support().range.bucket === 'week' ? 'week_starting' : 'day', 'created', 'solved'],
        support().volume.map((p) => [p.period, p.created, p.solved]),
      );
    case 'groups':
      return csv(SUPPORT_HEADER, [...support().byGroup.map(supportLine), supportLine(support().totals)]);
    case 'agents':
      return csv(SUPPORT_HEADER, [...support().byAgent.map(supportLine), supportLine(support().totals)]);
    case 'categories':
      return csv(SUPPORT_HEADER, [...support().byCategory.map(supportLine), supportLine(support().totals)]);
    case 'ai-drafts':
      return csv(
        [
          'source',
          'drafts',
          'approved_unchanged',
          'auto_sent',
          'approved_edited',
          'approved_unmeasured',
          'discarded',
          'not_reviewed',
          'failed',
          'edit_ratio_median',
          'edit_ratio_mean',
          'edit_chars_median',
          'unchanged_pct',
        ],
        ai().drafts.map((d) => [
          d.source,
          d.drafts,
          d.approvedUnchanged,
          d.autoSent,
          d.approvedEdited,
          d.approvedUnmeasured,
          d.discarded,
          d.notReviewed,
          d.failed,
          d.editRatioMedian,
          d.editRatioMean,
          d.editCharsMedian,
          pct(d.acceptedUnchangedRate),
        ]),
      );
    case 'ai-triage':
      return csv(
        ['source', 'triaged', 'corrected', 'category_corrected', 'priority_corrected', 'sentiment_corrected', 'corrected_pct'],
        ai().triage.map((t) => [
          t.source,
          t.triaged,
          t.corrected,
          t.categoryCorrected,
          t.priorityCorrected,
          t.sentimentCorrected,
          pct(t.correctionRate),
        ]),
      );
  }
}

export { parseReportRange, localDay, type ReportRange } from './range';
export {
  supportReport,
  type SupportReport,
  type SupportRow,
  type Durations,
  type Attainment,
  type VolumePoint,
  type Breakdown,
} from './support';
export { aiQualityReport, type AiQualityReport, type DraftOutcomeRow, type TriageOutcomeRow } from './ai-quality';
export { reportCsv, reportTableSchema, REPORT_TABLES, type ReportTable } from './csv';
export { leadReports, leadReportCsv, type LeadReports } from './lead-reports';

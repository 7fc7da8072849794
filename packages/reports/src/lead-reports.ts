import { DomainError, NotFoundError, requireCapability, type Actor, type Db } from '@helpdesk/db';
import { aiQualityReport, type AiQualityReport } from './ai-quality';
import { reportCsv, type ReportTable } from './csv';
import { parseReportRange, type ReportRange } from './range';
import { supportReport, type SupportReport } from './support';

export interface LeadReports {
  range: ReportRange;
  /** The date the lead typed that could not be used (the default range is shown instead). */
  error: { field: string; message: string; fields: Readonly<Record<string, string>> } | null;
  support: SupportReport;
  ai: AiQualityReport;
}

async function tenantTimeZone(db: Db, tenantId: string): Promise<string> {
  const tenant = await db.tenant.findUnique({ where: { id: tenantId }, select: { timezone: true } });
  if (!tenant) throw new NotFoundError('tenant');
  return tenant.timezone;
}

/**
 * Everything the reports page shows, for the actor's tenant in its time zone. A bad date is reported with its field
 * next to the default range rather than failing the page, so the lead sees what to fix.
 */
export async function leadReports(
  db: Db,
  actor: Actor,
  query: { from?: string | null; to?: string | null },
  now = new Date(),
): Promise<LeadReports> {
  requireCapability(actor, 'reports.view');
  const timeZone = await tenantTimeZone(db, actor.tenantId);
  let range: ReportRange;
  let error: LeadReports['error'] = null;
  try {
    range = parseReportRange(query.from, query.to, timeZone, now);
  } catch (e) {
    if (!(e instanceof DomainError) || !e.field) throw e;
    error = { field: e.field, message: e.userMessage, fields: e.fields };
    range = parseReportRange(null, null, timeZone, now);
  }
  const [support, ai] = await Promise.all([supportReport(db, actor.tenantId, range, now), aiQualityReport(db, actor.tenantId, range)]);
  return { range, error, support, ai };
}

/** One table of the page as CSV, with its file name; a bad date is a ValidationError naming `from` or `to`. */
export async function leadReportCsv(
  db: Db,
  actor: Actor,
  table: ReportTable,
  query: { from?: string | null; to?: string | null },
  now = new Date(),
): Promise<{ filename: string; csv: string }> {
  requireCapability(actor, 'reports.view');
  const range = parseReportRange(query.from, query.to, await tenantTimeZone(db, actor.tenantId), now);
  const [support, ai] = await Promise.all([
    table.startsWith('ai-') ? null : supportReport(db, actor.tenantId, range, now),
    table.startsWith('ai-') ? aiQualityReport(db, actor.tenantId, range) : null,
  ]);
  return { filename: `report-${table}-${range.fromDay}-to-${range.toDay}.csv`, csv: reportCsv(table, support, ai) };
}

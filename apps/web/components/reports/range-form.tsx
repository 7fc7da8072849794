import type { LeadReports } from '@helpdesk/reports';
import { DateRangeForm } from '@/components/ui/date-range-form';

const NAMES: Record<string, string> = { from: 'start', to: 'end' };

/** What was wrong with the range the lead asked for, in one sentence naming each bad date. */
function unusedRange(error: NonNullable<LeadReports['error']>): string {
  const problems = Object.entries(error.fields).map(([field, message]) => `the ${NAMES[field] ?? field} date ${message}`);
  const which = problems.length > 1 ? 'Neither date was used' : `The ${NAMES[error.field] ?? error.field} date was not used`;
  return `${which}: ${problems.length > 1 ? problems.join('; ') : error.message}. Showing the last 30 days instead.`;
}

export function ReportRangeForm({ from, to, error }: { from: string; to: string; error: LeadReports['error'] }) {
  return (
    <DateRangeForm
      action="/reports"
      idPrefix="report"
      from={from}
      to={to}
      error={error}
      notice={
        error ? (
          <p role="alert" className="w-full text-sm text-red-700">
            {unusedRange(error)}
          </p>
        ) : null
      }
    />
  );
}

import { DateRangeForm } from '@/components/ui/date-range-form';

export function ReportRangeForm({ from, to, error }: { from: string; to: string; error: { field: string; message: string } | null }) {
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
            The {error.field === 'to' ? 'end' : 'start'} date was not used: {error.message}. Showing the last 30 days instead.
          </p>
        ) : null
      }
    />
  );
}

import { Button } from '@/components/ui/button';
import { FieldError } from '@/components/ui/field-error';
import { Input } from '@/components/ui/input';

/** A plain GET form: the range lives in the URL, so a report can be bookmarked and shared. */
export function ReportRangeForm({ from, to, error }: { from: string; to: string; error: { field: string; message: string } | null }) {
  const fieldError = (name: string) => (error?.field === name ? error.message : undefined);
  return (
    <form method="get" action="/reports" className="flex flex-wrap items-end gap-3" aria-label="Report range">
      <div>
        <label htmlFor="report-from" className="mb-1 block text-sm font-medium text-slate-800">
          From
        </label>
        <Input
          id="report-from"
          type="date"
          name="from"
          defaultValue={from}
          required
          error={fieldError('from')}
          errorId="report-from-error"
          className="w-44"
        />
        <FieldError id="report-from-error" message={fieldError('from')} />
      </div>
      <div>
        <label htmlFor="report-to" className="mb-1 block text-sm font-medium text-slate-800">
          To
        </label>
        <Input
          id="report-to"
          type="date"
          name="to"
          defaultValue={to}
          required
          error={fieldError('to')}
          errorId="report-to-error"
          className="w-44"
        />
        <FieldError id="report-to-error" message={fieldError('to')} />
      </div>
      <Button type="submit">Show</Button>
      {error ? (
        <p role="alert" className="w-full text-sm text-red-700">
          The {error.field === 'to' ? 'end' : 'start'} date was not used: {error.message}. Showing the last 30 days instead.
        </p>
      ) : null}
    </form>
  );
}

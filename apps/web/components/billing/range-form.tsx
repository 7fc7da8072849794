import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { FieldError } from '@/components/ui/field-error';
import { NativeSelect } from '@/components/ui/select';

export interface RangeFormProps {
  from: string;
  to: string;
  compareModel: string;
  models: string[];
  error?: { field?: string; message: string };
}

/** A plain GET form: the range lives in the URL, so a report can be bookmarked and shared. */
export function RangeForm({ from, to, compareModel, models, error }: RangeFormProps) {
  const fieldError = (name: string) => (error?.field === name ? error.message : undefined);
  return (
    <form method="get" action="/billing" className="flex flex-wrap items-end gap-3" aria-label="Report range">
      <div>
        <label htmlFor="range-from" className="mb-1 block text-sm font-medium text-slate-800">
          From
        </label>
        <Input
          id="range-from"
          type="date"
          name="from"
          defaultValue={from}
          required
          error={fieldError('from')}
          errorId="range-from-error"
          className="w-44"
        />
        <FieldError id="range-from-error" message={fieldError('from')} />
      </div>
      <div>
        <label htmlFor="range-to" className="mb-1 block text-sm font-medium text-slate-800">
          To
        </label>
        <Input
          id="range-to"
          type="date"
          name="to"
          defaultValue={to}
          required
          error={fieldError('to')}
          errorId="range-to-error"
          className="w-44"
        />
        <FieldError id="range-to-error" message={fieldError('to')} />
      </div>
      <div>
        <label htmlFor="range-compare" className="mb-1 block text-sm font-medium text-slate-800">
          Compare with all-cloud on
        </label>
        <NativeSelect id="range-compare" name="compare" defaultValue={compareModel} className="w-56">
          {models.map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </NativeSelect>
      </div>
      <Button type="submit">Show</Button>
    </form>
  );
}

import { DateRangeForm } from '@/components/ui/date-range-form';
import { NativeSelect } from '@/components/ui/select';

export interface RangeFormProps {
  from: string;
  to: string;
  compareModel: string;
  models: string[];
  error?: { field?: string; message: string };
}

export function RangeForm({ from, to, compareModel, models, error }: RangeFormProps) {
  return (
    <DateRangeForm action="/billing" idPrefix="range" from={from} to={to} error={error}>
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
    </DateRangeForm>
  );
}

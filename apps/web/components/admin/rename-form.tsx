import { ActionForm } from '@/components/shell/action-form';
import { Button } from '@/components/ui/button';
import type { FormState } from '@/lib/form-state';

/** Renames one item in place: the action gets the item's id under `idName` and the new name as `name`. */
export function RenameForm({
  action,
  label,
  idName,
  id,
  fieldLabel,
  current,
  maxLength,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  /** The form's accessible name, naming the item. */
  label: string;
  idName: string;
  id: string;
  fieldLabel: string;
  current: string;
  maxLength: number;
}) {
  return (
    <ActionForm action={action} label={label} className="flex items-end gap-2">
      <input type="hidden" name={idName} value={id} />
      <label className="block min-w-0 flex-1 text-sm">
        {fieldLabel}
        <input
          name="name"
          required
          maxLength={maxLength}
          defaultValue={current}
          className="mt-1 block h-9 w-full min-w-0 rounded border border-slate-300 bg-white px-2 text-sm text-slate-900"
        />
      </label>
      <Button type="submit" variant="secondary" size="sm" className="h-9">
        Rename
      </Button>
    </ActionForm>
  );
}

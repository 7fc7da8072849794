import { ActionForm } from '@/components/shell/action-form';
import type { NamedItem } from '@/components/shell/named-item';
import { Button } from '@/components/ui/button';
import type { FormState } from '@/lib/form-state';

/** Renames one item in place: the action gets the item's id under `item.idName` and the new name as `name`. */
export function RenameForm({
  action,
  item,
  fieldLabel,
  maxLength,
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  item: NamedItem;
  fieldLabel: string;
  maxLength: number;
}) {
  return (
    <ActionForm action={action} label={`Rename ${item.kind} ${item.name}`} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name={item.idName} value={item.id} />
      <label className="block min-w-0 flex-1 text-sm">
        {fieldLabel}
        <input
          name="name"
          required
          maxLength={maxLength}
          defaultValue={item.name}
          className="mt-1 block h-9 w-full min-w-0 rounded border border-slate-300 bg-white px-2 text-sm text-slate-900"
        />
      </label>
      <Button type="submit" variant="secondary" size="sm" className="h-9">
        Rename
      </Button>
    </ActionForm>
  );
}

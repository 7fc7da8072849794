import { ActionForm } from '@/components/shell/action-form';
import { ConfirmSubmit } from '@/components/ui/confirm-submit';
import type { NamedItem } from '@/components/shell/named-item';
import type { ButtonProps } from '@/components/ui/button';
import type { FormState } from '@/lib/form-state';

/** Deletes one item after asking "Delete the tag “vip”?"; the action gets the item's id under `item.idName`. */
export function DeleteForm({
  action,
  item,
  description,
  size,
  children = 'Delete',
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  item: NamedItem;
  /** What deleting it does, said in the confirmation. */
  description: string;
  size?: ButtonProps['size'];
  children?: ButtonProps['children'];
}) {
  return (
    <ActionForm action={action} label={`Delete ${item.kind} ${item.name}`}>
      <input type="hidden" name={item.idName} value={item.id} />
      <ConfirmSubmit size={size} title={`Delete the ${item.kind} “${item.name}”?`} description={description}>
        {children}
      </ConfirmSubmit>
    </ActionForm>
  );
}

import { ActionForm } from '@/components/shell/action-form';
import { ConfirmSubmit } from '@/components/ui/confirm-submit';
import type { ButtonProps } from '@/components/ui/button';
import type { FormState } from '@/lib/form-state';

/** Deletes one item after asking: the action gets the item's id under `idName`. */
export function DeleteForm({
  action,
  label,
  idName,
  id,
  title,
  description,
  size,
  children = 'Delete',
}: {
  action: (prev: FormState, form: FormData) => Promise<FormState>;
  /** The form's accessible name, naming the item. */
  label: string;
  idName: string;
  id: string;
  title: string;
  description: string;
  size?: ButtonProps['size'];
  children?: ButtonProps['children'];
}) {
  return (
    <ActionForm action={action} label={label}>
      <input type="hidden" name={idName} value={id} />
      <ConfirmSubmit size={size} title={title} description={description}>
        {children}
      </ConfirmSubmit>
    </ActionForm>
  );
}

import type { listCategories } from '@helpdesk/classifier';
import { deleteCategoryAction, updateCategoryAction } from '@/app/(app)/admin/triage/actions';
import { ActionForm } from '@/components/shell/action-form';
import { Button } from '@/components/ui/button';
import { ConfirmSubmit } from '@/components/ui/confirm-submit';
import { Input } from '@/components/ui/input';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';

type Category = Awaited<ReturnType<typeof listCategories>>[number];

/** The taxonomy, with how many agent labels each category has towards training. */
export function CategoriesTable({
  categories,
  labels,
  minLabels,
}: {
  categories: Category[];
  labels: Record<string, number>;
  minLabels: number;
}) {
  return (
    <Table>
      <THead>
        <TR>
          <TH>Key</TH>
          <TH>Name and status</TH>
          <TH>Tickets</TH>
          <TH>Labels</TH>
          <TH>
            <span className="sr-only">Delete</span>
          </TH>
        </TR>
      </THead>
      <TBody>
        {categories.map((c) => {
          const count = labels[c.key] ?? 0;
          return (
            <TR key={c.id} data-testid="category-row">
              <TD className="font-mono text-xs">{c.key}</TD>
              <TD>
                <ActionForm action={updateCategoryAction} className="flex flex-wrap items-center gap-2" label={`Edit ${c.key}`}>
                  <input type="hidden" name="id" value={c.id} />
                  <Input name="name" defaultValue={c.name} aria-label={`Name of ${c.key}`} className="h-8 w-48" />
                  <label className="flex items-center gap-1 text-sm">
                    <input type="checkbox" name="active" defaultChecked={c.active} /> Active
                  </label>
                  <Button type="submit" variant="secondary" size="sm">
                    Save
                  </Button>
                </ActionForm>
              </TD>
              <TD>{c.ticketCount}</TD>
              <TD className={count < minLabels ? 'text-amber-800' : undefined}>
                {count}
                {count < minLabels ? <span className="sr-only"> (below the {minLabels} needed)</span> : null}
              </TD>
              <TD className="text-right">
                <ActionForm action={deleteCategoryAction} label={`Delete ${c.key}`}>
                  <input type="hidden" name="id" value={c.id} />
                  <ConfirmSubmit
                    size="sm"
                    title={`Delete the category “${c.name}”?`}
                    description="Tickets keep their history; the classifier stops suggesting it. This cannot be undone."
                  >
                    Delete
                  </ConfirmSubmit>
                </ActionForm>
              </TD>
            </TR>
          );
        })}
      </TBody>
    </Table>
  );
}

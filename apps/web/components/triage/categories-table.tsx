import type { listCategories } from '@helpdesk/classifier';
import { deleteCategoryAction, updateCategoryAction } from '@/app/(app)/admin/triage/actions';
import { ActionForm } from '@/components/shell/action-form';
import { DeleteForm } from '@/components/shell/delete-form';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { DataTable } from '@/components/ui/table';

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
  const count = (c: Category) => labels[c.key] ?? 0;
  return (
    <DataTable
      columns={[
        { header: 'Key', className: 'font-mono text-xs', cell: (c) => c.key },
        {
          header: 'Name and status',
          cell: (c) => (
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
          ),
        },
        { header: 'Tickets', cell: (c) => c.ticketCount },
        {
          header: 'Labels',
          cellProps: (c) => ({ className: count(c) < minLabels ? 'text-amber-800' : undefined }),
          cell: (c) => (
            <>
              {count(c)}
              {count(c) < minLabels ? <span className="sr-only"> (below the {minLabels} needed)</span> : null}
            </>
          ),
        },
        {
          header: 'Delete',
          srOnly: true,
          className: 'text-right',
          cell: (c) => (
            <DeleteForm
              action={deleteCategoryAction}
              item={{ kind: 'category', name: c.name, idName: 'id', id: c.id }}
              description="Tickets keep their history; the classifier stops suggesting it. This cannot be undone."
              size="sm"
            />
          ),
        },
      ]}
      rows={categories}
      rowKey={(c) => c.id}
      rowProps={() => ({ 'data-testid': 'category-row' })}
    />
  );
}

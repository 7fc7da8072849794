import type { HTMLAttributes, Key, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from 'react';
import { cn } from '@/lib/cn';

type DataAttributes = { [attribute: `data-${string}`]: string | number | undefined };

export interface Column<Row> {
  header: ReactNode;
  /** Heard by screen readers but not shown: a column of buttons needs a name, not a visible heading. */
  srOnly?: boolean;
  /** Amounts and counts, aligned right in the header and the cells. */
  numeric?: boolean;
  /** The cell names its row for screen readers (`<th scope="row">`). */
  rowHeader?: boolean;
  className?: string;
  cell: (row: Row) => ReactNode;
  cellProps?: (row: Row) => TdHTMLAttributes<HTMLTableCellElement> & DataAttributes;
  /** This column's cell in a bold totals row after the others; the row is shown when any column has one. */
  total?: ReactNode;
}

/**
 * Every table in the app: one header row from the columns, one body row per item.
 * `caption` is for screen readers; the heading shown above the table says the same to everyone else.
 */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  rowProps,
  caption,
  className,
  ...props
}: HTMLAttributes<HTMLTableElement> &
  DataAttributes & {
    columns: readonly Column<Row>[];
    rows: readonly Row[];
    rowKey: (row: Row) => Key;
    rowProps?: (row: Row) => HTMLAttributes<HTMLTableRowElement> & DataAttributes;
    caption?: string;
  }) {
  const align = (column: Column<Row>) => (column.numeric ? 'text-right' : undefined);
  return (
    // Focusable so that keyboard users can scroll a table wider than the screen (WCAG 2.1.1, axe scrollable-region-focusable).
    // Relative, so that absolutely positioned content (screen-reader-only header text) is clipped by this box instead of
    // widening the page at its place far to the right.
    <div className="relative overflow-x-auto" tabIndex={0}>
      <table className={cn('w-full border-collapse text-left text-sm', className)} {...props}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
          <tr className="align-middle">
            {columns.map((column, i) => (
              <TH key={i} scope="col" className={align(column)}>
                {column.srOnly ? <span className="sr-only">{column.header}</span> : column.header}
              </TH>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => {
            const props = rowProps?.(row);
            return (
              <tr key={rowKey(row)} {...props} className={cn('align-middle', props?.className)}>
                {columns.map((column, i) => {
                  const cell = column.cellProps?.(row);
                  return (
                    <TD key={i} header={column.rowHeader} {...cell} className={cn(align(column), column.className, cell?.className)}>
                      {column.cell(row)}
                    </TD>
                  );
                })}
              </tr>
            );
          })}
          {columns.some((column) => column.total !== undefined) ? (
            <tr className="align-middle font-semibold">
              {columns.map((column, i) => (
                <TD key={i} className={align(column)}>
                  {column.total}
                </TD>
              ))}
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

function TH({ className, ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th className={cn('px-3 py-2 font-medium', className)} {...props} />;
}

function TD({ header, className, ...props }: TdHTMLAttributes<HTMLTableCellElement> & { header?: boolean }) {
  return header ? (
    <TH scope="row" className={cn('font-normal', className)} {...props} />
  ) : (
    <td className={cn('px-3 py-2', className)} {...props} />
  );
}

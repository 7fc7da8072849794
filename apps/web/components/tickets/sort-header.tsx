import Link from 'next/link';
import type { TicketSort } from '@helpdesk/core/queries/ticket-filters';
import { cn } from '@/lib/cn';

export type SortColumn = 'created' | 'priority' | 'updated';

export const SORT_LABEL: Record<TicketSort, string> = {
  updated_desc: 'Recently updated first',
  updated_asc: 'Least recently updated first',
  created_desc: 'Newest first',
  created_asc: 'Oldest first',
  priority_desc: 'Highest priority first',
  priority_asc: 'Lowest priority first',
};

/**
 * A column header that sorts the list: a link (so it works by keyboard and without script), aria-sort on the
 * header cell for the column in use, and a click on the sorted column flips its direction. Without `sort` (search
 * results, in relevance order) it is a plain header.
 */
export function SortHeader({
  column,
  label,
  sort,
  base,
  className,
}: {
  column: SortColumn;
  label: string;
  sort?: TicketSort;
  base: string;
  className?: string;
}) {
  if (!sort) {
    return (
      <th scope="col" className={cn('px-3 py-2 font-medium', className)}>
        {label}
      </th>
    );
  }
  const [key, direction] = sort.split('_') as [SortColumn, 'asc' | 'desc'];
  const active = key === column;
  const next: TicketSort = `${column}_${active && direction === 'desc' ? 'asc' : 'desc'}`;
  const href = `${base}${base.includes('?') ? '&' : '?'}sort=${next}`;
  return (
    <th
      scope="col"
      aria-sort={active ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'}
      className={cn('px-3 py-2 font-medium', className)}
    >
      <Link href={href} className="inline-flex items-center gap-1 rounded hover:underline" data-testid={`sort-${column}`}>
        {label}
        <span aria-hidden="true" className={active ? 'text-slate-900' : 'text-slate-400'}>
          {active ? (direction === 'asc' ? '▲' : '▼') : '↕'}
        </span>
        <span className="sr-only">, sort {SORT_LABEL[next].toLowerCase()}</span>
      </Link>
    </th>
  );
}

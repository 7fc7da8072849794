'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import type { TicketListItem } from '@helpdesk/core/queries/ticket-rows';
import type { Highlight as Segments } from '@helpdesk/core/queries/search-tickets';
import { bulkUpdateAction } from '@/app/(app)/inbox/actions';
import { Badge } from '@/components/ui/badge';
import { cn } from '@/lib/cn';
import type { TicketSort } from '@helpdesk/core/queries/ticket-filters';
import { SelectField } from '@/components/ui/choice-fields';
import { byId, dateTime, PRIORITY_LABEL, STATUS_CHOICES, STATUS_LABEL, STATUS_TONE, UNASSIGNED } from './format';
import { Highlight } from './highlight';
import { SlaBadge } from './sla-badge';
import { SortHeader } from './sort-header';

const field = 'h-9 rounded border border-slate-300 bg-white px-2';

export interface ListRow {
  item: TicketListItem;
  subject?: Segments;
  snippet?: Segments;
}

/**
 * The inbox table: j/k move between tickets, x selects, Enter opens; selected tickets take bulk actions. With `sort`
 * (a list, not search results in relevance order) the Ticket, Priority and Updated headers sort the list.
 */
export function TicketList({
  rows,
  now,
  agents,
  sort,
  sortBase = '/inbox',
}: {
  rows: ListRow[];
  now: Date;
  agents: { id: string; name: string }[];
  sort?: TicketSort;
  sortBase?: string;
}) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const links = useRef<(HTMLAnchorElement | null)[]>([]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const target = e.target as HTMLElement | null;
      if (e.metaKey || e.ctrlKey || e.altKey || target?.closest('input:not([type=checkbox]), textarea, select')) return;
      const current = links.current.findIndex((a) => a === document.activeElement);
      if (e.key === 'j' || e.key === 'k') {
        e.preventDefault();
        const next = current === -1 ? 0 : Math.min(rows.length - 1, Math.max(0, current + (e.key === 'j' ? 1 : -1)));
        links.current[next]?.focus();
      } else if (e.key === 'x' && current !== -1) {
        e.preventDefault();
        const id = rows[current]?.item.id;
        if (id) toggle(id);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  function toggle(id: string) {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  function apply(form: FormData) {
    const ids = [...selected];
    startTransition(async () => {
      const result = await bulkUpdateAction(ids, {
        assigneeId: String(form.get('assigneeId') ?? ''),
        status: String(form.get('status') ?? ''),
        addTag: String(form.get('addTag') ?? ''),
      });
      setMessage({
        ok: result.ok,
        text: result.ok
          ? `Updated ${ids.length} ticket${ids.length === 1 ? '' : 's'}`
          : (result.message ?? Object.values(result.errors ?? {})[0] ?? 'Could not update'),
      });
      if (result.ok) {
        setSelected(new Set());
        router.refresh();
      }
    });
  }

  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.item.id));
  return (
    <div className="space-y-3">
      {selected.size > 0 ? (
        <form
          // Not `action=`: React would clear the fields as the action ends, so a refused tag could not be corrected.
          onSubmit={(e) => {
            e.preventDefault();
            apply(new FormData(e.currentTarget));
          }}
          aria-label="Bulk actions"
          className="flex flex-wrap items-end gap-2 rounded-md border border-brand-100 bg-brand-50 p-3 text-sm"
        >
          <span className="font-medium" aria-live="polite">
            {selected.size} selected
          </span>
          <SelectField
            label="Assign to"
            labelClassName="flex flex-col"
            name="assigneeId"
            className={field}
            empty="No change"
            choices={[UNASSIGNED, ...byId(agents)]}
          />
          <SelectField
            label="Status"
            labelClassName="flex flex-col"
            name="status"
            className={field}
            empty="No change"
            choices={STATUS_CHOICES}
          />
          <label className="flex flex-col">
            <span>Add tag</span>
            <input name="addTag" className={field} maxLength={50} />
          </label>
          <button type="submit" disabled={pending} className="h-9 rounded bg-brand-700 px-3 font-medium text-white disabled:bg-slate-400">
            {pending ? 'Applying…' : 'Apply'}
          </button>
        </form>
      ) : null}
      {message ? (
        <p role={message.ok ? 'status' : 'alert'} className={cn('text-sm', message.ok ? 'text-green-800' : 'text-red-700')}>
          {message.text}
        </p>
      ) : null}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full border-collapse text-left text-sm">
          <caption className="sr-only">Tickets</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className="w-10 px-3 py-2">
                <input
                  type="checkbox"
                  aria-label="Select all tickets on this page"
                  checked={allSelected}
                  onChange={() => setSelected(allSelected ? new Set() : new Set(rows.map((r) => r.item.id)))}
                />
              </th>
              <SortHeader column="created" label="Ticket" sort={sort} base={sortBase} />
              <th scope="col" className="px-3 py-2 font-medium">
                Status
              </th>
              <SortHeader column="priority" label="Priority" sort={sort} base={sortBase} className="hidden md:table-cell" />
              <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">
                SLA
              </th>
              <th scope="col" className="hidden px-3 py-2 font-medium lg:table-cell">
                Assignee
              </th>
              {sort ? <SortHeader column="updated" label="Updated" sort={sort} base={sortBase} className="hidden xl:table-cell" /> : null}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map(({ item, subject, snippet }, i) => (
              <tr
                key={item.id}
                data-testid="ticket-row"
                data-ticket-number={item.number}
                className={cn(selected.has(item.id) && 'bg-brand-50')}
              >
                <td className="px-3 py-2 align-top">
                  <input
                    type="checkbox"
                    aria-label={`Select ticket ${item.number}`}
                    checked={selected.has(item.id)}
                    onChange={() => toggle(item.id)}
                  />
                </td>
                <td className="max-w-xl px-3 py-2 wrap-anywhere">
                  <div className="flex items-center gap-2">
                    {item.unread ? (
                      <span className="size-2 shrink-0 rounded-full bg-brand-600" title="Unread">
                        <span className="sr-only">Unread</span>
                      </span>
                    ) : null}
                    <Link
                      ref={(el) => {
                        links.current[i] = el;
                      }}
                      href={`/tickets/${item.number}`}
                      className={cn('text-slate-900 hover:underline', item.unread && 'font-semibold')}
                    >
                      <span className="text-slate-600">#{item.number}</span> {subject ? <Highlight segments={subject} /> : item.subject}
                    </Link>
                  </div>
                  <div className="mt-0.5 text-xs text-slate-600">
                    {item.customer.name ?? item.customer.email}
                    {item.tags.length ? ` · ${item.tags.join(', ')}` : ''}
                  </div>
                  {snippet ? (
                    <p className="mt-1 text-xs text-slate-700" data-testid="search-snippet">
                      <Highlight segments={snippet} />
                    </p>
                  ) : null}
                </td>
                <td className="px-3 py-2">
                  <Badge tone={STATUS_TONE[item.status]}>{STATUS_LABEL[item.status]}</Badge>
                </td>
                <td className="hidden px-3 py-2 md:table-cell">{PRIORITY_LABEL[item.priority]}</td>
                <td className="hidden px-3 py-2 md:table-cell">
                  <SlaBadge state={item.sla.state} dueAt={item.sla.dueAt} now={now} />
                </td>
                <td className="hidden px-3 py-2 lg:table-cell">
                  {item.assignee?.name ?? <span className="text-slate-600">Unassigned</span>}
                </td>
                {sort ? (
                  <td className="hidden px-3 py-2 whitespace-nowrap text-slate-700 xl:table-cell">
                    <time dateTime={item.updatedAt.toISOString()}>{dateTime(item.updatedAt)}</time>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

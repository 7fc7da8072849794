import type { Metadata } from 'next';
import Link from 'next/link';
import { countViews, getView, listTickets, searchTickets, ticketOptions, ticketSortSchema } from '@helpdesk/core/queries';
import { DomainError, TicketStatus } from '@helpdesk/db';
import { PageHeader } from '@/components/shell/page-header';
import { LiveUpdates } from '@/components/tickets/live-updates';
import { SearchBox } from '@/components/tickets/search-box';
import { TicketList, type ListRow } from '@/components/tickets/ticket-list';
import { ViewSidebar } from '@/components/tickets/view-sidebar';
import { EmptyState } from '@/components/ui/empty-state';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';
import { one, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Inbox' };
export const dynamic = 'force-dynamic';

export default async function InboxPage({ searchParams }: { searchParams: SearchParams }) {
  const member = await requireMember('tickets.view');
  const params = await searchParams;
  const q = (one(params.q) ?? '').trim();
  // A search looks through every ticket, closed ones included, unless a view was picked for it.
  const viewId = one(params.view) || (q ? 'all' : 'all-open');
  const statusParam = one(params.status) ?? '';
  const status = (Object.values(TicketStatus) as string[]).includes(statusParam) ? (statusParam as TicketStatus) : null;
  const cursor = one(params.cursor) || null;
  const offset = Math.max(0, Number.parseInt(one(params.offset) || '0', 10) || 0);
  const now = new Date();
  const viewerId = member.userId;
  const [views, view, options] = await Promise.all([
    countViews(db(), member.tenantId, viewerId, now),
    getView(db(), member.tenantId, viewerId, viewId).catch(() => null),
    ticketOptions(db(), member.tenantId),
  ]);
  const active = view ?? views[0]!;
  // A column header's sort overrides the view's own for this visit; an unknown value falls back to the view's.
  const sortParam = ticketSortSchema.safeParse(one(params.sort) || undefined);
  const sort = one(params.sort) && sortParam.success ? sortParam.data : active.sort;
  const viewBase = `/inbox?view=${encodeURIComponent(active.id)}`;
  const sortQuery = sort === active.sort ? '' : `&sort=${sort}`;
  let rows: ListRow[] = [];
  let next: string | null = null;
  let problem: string | null = null;
  try {
    if (q) {
      const filters = status ? { ...active.filters, status: [status] } : active.filters;
      const result = await searchTickets(db(), member.tenantId, q, filters, { viewerId, offset, now });
      rows = result.hits.map((h) => ({ item: h, subject: h.subjectHighlight, snippet: h.message?.snippet }));
      next = result.hasMore
        ? `/inbox?view=${encodeURIComponent(active.id)}&q=${encodeURIComponent(q)}${status ? `&status=${status}` : ''}&offset=${offset + result.hits.length}`
        : null;
    } else {
      const page = await listTickets(db(), member.tenantId, active.filters, sort, cursor, 25, { viewerId, now });
      rows = page.items.map((item) => ({ item }));
      next = page.nextCursor ? `${viewBase}${sortQuery}&cursor=${encodeURIComponent(page.nextCursor)}` : null;
    }
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // A hand-edited or stale page link names no field a person typed, so it is said in words of its own.
    problem =
      error.field === 'cursor'
        ? 'This link to a later page of the list no longer works; start again from the first page.'
        : error.userMessage;
  }
  return (
    <>
      <PageHeader
        title={q ? `Search: ${q}` : active.name}
        description={q ? `Results in “${active.name}”, best match first.` : undefined}
        actions={
          <Link
            href="/customers"
            className="inline-flex h-10 items-center rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-800 hover:bg-slate-100"
          >
            Customers
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[14rem_1fr]">
        <ViewSidebar views={views} current={active.id} />
        <section aria-label="Tickets" className="min-w-0 space-y-4">
          <SearchBox defaultValue={q} status={status ?? ''} />
          <LiveUpdates selfId={member.userId} />
          {problem ? (
            <p role="alert" className="text-sm text-red-700">
              {problem}
            </p>
          ) : rows.length === 0 ? (
            <EmptyState
              title={q ? 'No tickets match' : 'No tickets in this view'}
              description={q ? 'Try other words or another status.' : 'New tickets appear here as they arrive.'}
            />
          ) : (
            <TicketList rows={rows} now={now} agents={options.agents} {...(q ? {} : { sort, sortBase: viewBase })} />
          )}
          <nav aria-label="Pagination" className="flex justify-between text-sm">
            {cursor || offset ? (
              <Link className="text-brand-700 underline" href={`${viewBase}${q ? `&q=${encodeURIComponent(q)}` : sortQuery}`}>
                First page
              </Link>
            ) : (
              <span />
            )}
            {next ? (
              <Link className="text-brand-700 underline" href={next}>
                Next page
              </Link>
            ) : null}
          </nav>
        </section>
      </div>
    </>
  );
}

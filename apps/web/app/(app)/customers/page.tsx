import type { Metadata } from 'next';
import Link from 'next/link';
import { listCustomers } from '@helpdesk/core/queries';
import { DomainError } from '@helpdesk/db';
import { PageHeader } from '@/components/shell/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import { DataTable } from '@/components/ui/table';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';
import { one, type SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Customers' };
export const dynamic = 'force-dynamic';

export default async function CustomersPage({ searchParams }: { searchParams: SearchParams }) {
  const member = await requireMember('tickets.view');
  const params = await searchParams;
  const q = (one(params.q) ?? '').trim();
  let result: Awaited<ReturnType<typeof listCustomers>> = { items: [], nextCursor: null };
  let problem: string | null = null;
  try {
    result = await listCustomers(db(), member.tenantId, { q, cursor: one(params.cursor) || null });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    problem = error.message;
  }
  return (
    <>
      <PageHeader title="Customers" description="Everyone who has written in, newest first." />
      <form role="search" action="/customers" className="mb-4 flex max-w-xl gap-2">
        <label htmlFor="customer-search" className="sr-only">
          Search customers by name or email
        </label>
        <input
          id="customer-search"
          name="q"
          type="search"
          defaultValue={q}
          placeholder="Name or email"
          maxLength={200}
          className="h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm"
        />
        <button type="submit" className="h-10 rounded-md bg-brand-700 px-4 text-sm font-medium text-white">
          Search
        </button>
      </form>
      {problem ? (
        <p role="alert" className="text-sm text-red-700">
          {problem}
        </p>
      ) : result.items.length === 0 ? (
        <EmptyState title={q ? 'No customers match' : 'No customers yet'} />
      ) : (
        <DataTable
          caption="Customers"
          columns={[
            {
              header: 'Name',
              cell: (c) => (
                <Link href={`/customers/${c.id}`} className="text-brand-700 underline">
                  {c.name ?? c.email}
                </Link>
              ),
            },
            { header: 'Email', className: 'break-all', cell: (c) => c.email },
            { header: 'Tickets', className: 'tabular-nums', cell: (c) => c.ticketCount },
            { header: 'Since', cell: (c) => c.createdAt.toISOString().slice(0, 10) },
          ]}
          rows={result.items}
          rowKey={(c) => c.id}
        />
      )}
      {result.nextCursor ? (
        <nav aria-label="Pagination" className="mt-4 text-sm">
          <Link
            className="text-brand-700 underline"
            href={`/customers?${new URLSearchParams({ ...(q ? { q } : {}), cursor: result.nextCursor }).toString()}`}
          >
            Next page
          </Link>
        </nav>
      ) : null}
    </>
  );
}

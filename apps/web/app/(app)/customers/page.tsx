import type { Metadata } from 'next';
import Link from 'next/link';
import { listCustomers } from '@helpdesk/core/queries';
import { DomainError } from '@helpdesk/db';
import { PageHeader } from '@/components/shell/page-header';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';

export const metadata: Metadata = { title: 'Customers' };
export const dynamic = 'force-dynamic';

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

export default async function CustomersPage({ searchParams }: { searchParams: Search }) {
  const member = await requireMember('tickets.view');
  const params = await searchParams;
  const q = one(params.q).trim();
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
        <Table>
          <caption className="sr-only">Customers</caption>
          <THead>
            <TR>
              <TH>Name</TH>
              <TH>Email</TH>
              <TH>Tickets</TH>
              <TH>Since</TH>
            </TR>
          </THead>
          <TBody>
            {result.items.map((c) => (
              <TR key={c.id}>
                <TD>
                  <Link href={`/customers/${c.id}`} className="text-brand-700 underline">
                    {c.name ?? c.email}
                  </Link>
                </TD>
                <TD className="break-all">{c.email}</TD>
                <TD className="tabular-nums">{c.ticketCount}</TD>
                <TD>{c.createdAt.toISOString().slice(0, 10)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
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

import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { customerProfile, ticketOptions } from '@helpdesk/core/queries';
import { NotFoundError } from '@helpdesk/db';
import { STATUS_LABEL, STATUSES } from '@/components/tickets/format';
import { TicketList } from '@/components/tickets/ticket-list';
import { PageHeader } from '@/components/shell/page-header';
import { Card, CardContent } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';
import type { SearchParams } from '@/lib/search-params';

export const metadata: Metadata = { title: 'Customer' };
export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string }>;
export default async function CustomerPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const member = await requireMember('tickets.view');
  const { id } = await params;
  const cursorParam = (await searchParams).cursor;
  const cursor = (Array.isArray(cursorParam) ? cursorParam[0] : cursorParam) ?? null;
  const profile = await customerProfile(db(), member.tenantId, id, { viewerId: member.userId, cursor }).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const options = await ticketOptions(db(), member.tenantId);
  const { customer, tickets, statusCounts, ticketCount } = profile;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/customers" className="text-brand-700 underline">
          Customers
        </Link>
      </nav>
      <PageHeader title={customer.name ?? customer.email} description={customer.email} />
      <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
        <Card>
          <CardContent>
            <dl className="space-y-2 text-sm">
              {customer.phone ? (
                <div>
                  <dt className="text-slate-600">Phone</dt>
                  <dd>{customer.phone}</dd>
                </div>
              ) : null}
              <div>
                <dt className="text-slate-600">Customer since</dt>
                <dd>{customer.createdAt.toISOString().slice(0, 10)}</dd>
              </div>
              <div>
                <dt className="text-slate-600">Tickets</dt>
                <dd data-testid="customer-ticket-count">{ticketCount}</dd>
              </div>
              {STATUSES.filter((s) => statusCounts[s]).map((s) => (
                <div key={s} className="flex justify-between">
                  <dt className="text-slate-600">{STATUS_LABEL[s]}</dt>
                  <dd className="tabular-nums">{statusCounts[s]}</dd>
                </div>
              ))}
              {customer.tags.length ? (
                <div>
                  <dt className="text-slate-600">Tags</dt>
                  <dd>{customer.tags.join(', ')}</dd>
                </div>
              ) : null}
              {customer.notes ? (
                <div>
                  <dt className="text-slate-600">Notes</dt>
                  <dd className="whitespace-pre-wrap">{customer.notes}</dd>
                </div>
              ) : null}
            </dl>
          </CardContent>
        </Card>
        <section aria-label="Ticket history" className="min-w-0 space-y-3">
          {tickets.items.length === 0 ? (
            <EmptyState title="No tickets" />
          ) : (
            <TicketList rows={tickets.items.map((item) => ({ item }))} now={new Date()} agents={options.agents} />
          )}
          {tickets.nextCursor ? (
            <Link
              className="text-sm text-brand-700 underline"
              href={`/customers/${customer.id}?cursor=${encodeURIComponent(tickets.nextCursor)}`}
            >
              Older tickets
            </Link>
          ) : null}
        </section>
      </div>
    </>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ticketActivity } from '@helpdesk/core/activity';
import { getTicketDetail, markTicketRead, ticketOptions } from '@helpdesk/core/queries';
import { NotFoundError } from '@helpdesk/db';
import { AiPanel } from '@/components/ai/ai-panel';
import { AiTrace } from '@/components/billing/ai-trace';
import { AuditLogPanel } from '@/components/tickets/audit-log';
import { Composer } from '@/components/tickets/composer';
import { PRIORITY_LABEL, STATUS_LABEL, STATUS_TONE } from '@/components/tickets/format';
import { LiveUpdates } from '@/components/tickets/live-updates';
import { SlaBadge } from '@/components/tickets/sla-badge';
import { TicketControls } from '@/components/tickets/ticket-controls';
import { TicketThread } from '@/components/tickets/ticket-thread';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, TitledCard } from '@/components/ui/card';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';

export const dynamic = 'force-dynamic';

type Params = Promise<{ number: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Ticket #${(await params).number}` };
}

async function load(tenantId: string, raw: string, viewerId: string) {
  const number = Number(raw);
  try {
    return await getTicketDetail(db(), tenantId, number, { viewerId });
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

export default async function TicketPage({ params }: { params: Params }) {
  const member = await requireMember('tickets.view');
  const now = new Date();
  const ticket = await load(member.tenantId, (await params).number, member.userId);
  const [options, activity] = await Promise.all([
    ticketOptions(db(), member.tenantId),
    ticketActivity(db(), member.tenantId, ticket.id),
    markTicketRead(db(), member.tenantId, member.userId, ticket.id, now),
  ]);
  return (
    <div className="space-y-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/inbox" className="text-brand-700 underline">
          Inbox
        </Link>
      </nav>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold wrap-anywhere text-slate-900">
            <span className="text-slate-600">#{ticket.number}</span> {ticket.subject}
          </h1>
          <div className="mt-2 flex flex-wrap items-center gap-2 text-sm">
            <Badge tone={STATUS_TONE[ticket.status]} data-testid="ticket-status">
              {STATUS_LABEL[ticket.status]}
            </Badge>
            <Badge>{PRIORITY_LABEL[ticket.priority]} priority</Badge>
            <SlaBadge state={ticket.sla.state} dueAt={ticket.sla.dueAt} now={now} />
            {ticket.tags.map((t) => (
              <Badge key={t.id} tone="info">
                {t.name}
              </Badge>
            ))}
          </div>
        </div>
        <LiveUpdates ticketId={ticket.id} selfId={member.userId} />
      </header>
      <div className="grid gap-6 xl:grid-cols-[1fr_20rem]">
        <div className="min-w-0 space-y-4">
          <TicketThread messages={ticket.messages} number={ticket.number} />
          <Composer
            ticketId={ticket.id}
            number={ticket.number}
            status={ticket.status}
            lastMessageId={ticket.lastMessageId}
            macros={options.macros}
          />
          <AiPanel tenantId={member.tenantId} ticketId={ticket.id} />
          {/* Full width: the per-call table needs more room than the side column has. */}
          <Card>
            <CardContent>
              <AiTrace tenantId={member.tenantId} ticketId={ticket.id} />
            </CardContent>
          </Card>
        </div>
        <aside aria-label="Ticket details" className="space-y-4">
          <TitledCard title="Customer" contentClassName="space-y-1 text-sm">
            <Link href={`/customers/${ticket.customer.id}`} className="font-medium text-brand-700 underline">
              {ticket.customer.name ?? ticket.customer.email}
            </Link>
            <p className="break-all text-slate-700">{ticket.customer.email}</p>
          </TitledCard>
          <TitledCard title="Properties">
            <TicketControls
              ticket={{
                id: ticket.id,
                number: ticket.number,
                status: ticket.status,
                priority: ticket.priority,
                assigneeId: ticket.assigneeId,
                groupId: ticket.groupId,
                categoryKey: ticket.category?.key ?? null,
                tags: ticket.tags.map((t) => t.name),
              }}
              options={options}
            />
          </TitledCard>
          <Card>
            <CardContent>
              <AuditLogPanel entries={activity} />
            </CardContent>
          </Card>
        </aside>
      </div>
    </div>
  );
}

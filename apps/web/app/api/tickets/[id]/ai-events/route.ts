import { requireTenantTicket } from '@helpdesk/core/queries';
import { apiRoute } from '@/lib/api';
import { db } from '@/lib/clients';
import { sseResponse } from '@/lib/sse';
import { ticketJobEvents } from '@/lib/ticket-job-events';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * Server-sent events for one ticket's AI jobs: `job` with { job, state, contentVersion } whenever triage, retrieval,
 * a draft or a summary starts, reports progress (a draft starting to stream), finishes or fails; `ready` once the
 * readers are connected. The AI panel re-renders itself on them instead of polling the whole page.
 */
export const GET = apiRoute<{ id: string }>(
  async (req, { member, params }) => {
    await requireTenantTicket(db(), member.tenantId, params.id);
    return sseResponse(
      req,
      async (sse) => {
        sse.onClose(ticketJobEvents().subscribe(params.id, (event) => sse.send('job', event)));
        await ticketJobEvents().ready();
        sse.send('ready', {});
      },
      { maxOpenMs: 5 * 60_000 },
    );
  },
  { can: 'tickets.view' },
);

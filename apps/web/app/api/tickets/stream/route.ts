import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { inboxChangeToken, leavePresence, listPresence, ticketChangeToken, touchPresence } from '@helpdesk/core/queries/index';
import { NotFoundError } from '@helpdesk/db';
import { apiRoute } from '@/lib/api';
import { db, redis } from '@/lib/clients';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

const POLL_MS = 2000;
const PRESENCE_EVERY = 5;
const MAX_STREAM_MS = 5 * 60_000;
const query = z.object({ ticketId: z.string().min(1).max(64).optional() });

/**
 * Server-sent events: `change` whenever what the inbox (or one ticket) shows changed, `presence` with who is
 * viewing the ticket. The server polls a cheap change token, so any writer (web, API, workers) is seen.
 */
export const GET = apiRoute(
  async (req: NextRequest, { member }) => {
    const { ticketId } = query.parse({ ticketId: req.nextUrl.searchParams.get('ticketId') ?? undefined });
    const { tenantId } = member;
    if (ticketId && !(await db().ticket.findFirst({ where: { id: ticketId, tenantId }, select: { id: true } }))) throw new NotFoundError('Ticket');
    const token = () => (ticketId ? ticketChangeToken(db(), tenantId, ticketId) : inboxChangeToken(db(), tenantId));
    const viewer = { userId: member.userId, name: member.name };
    const encoder = new TextEncoder();
    let timer: ReturnType<typeof setInterval> | undefined;
    let stopped = false;
    let close = () => {};
    // Every exit (client gone, write failed, lifetime over) goes through here, so no poller outlives its client.
    const stop = () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      if (ticketId) void leavePresence(redis(), tenantId, ticketId, viewer).catch(() => undefined);
      close();
    };
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        close = () => {
          try {
            controller.close();
          } catch {
            // The client already went away.
          }
        };
        const send = (event: string, data: unknown) => controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        let last = await token();
        let lastPresence = '';
        let tick = 0;
        let busy = false;
        // Our own heartbeat every few polls keeps us listed; reading in between shows arrivals and departures quickly.
        const beat = async (touch: boolean) => {
          if (!ticketId) return;
          const viewers = JSON.stringify(touch ? await touchPresence(redis(), tenantId, ticketId, viewer) : await listPresence(redis(), tenantId, ticketId));
          if (viewers !== lastPresence) send('presence', JSON.parse(viewers));
          lastPresence = viewers;
        };
        req.signal.addEventListener('abort', stop);
        send('ready', { token: last });
        await beat(true);
        timer = setInterval(() => {
          // A slow database must not pile up overlapping polls.
          if (busy) return;
          busy = true;
          void (async () => {
            try {
              tick += 1;
              // EventSource reconnects on its own, so a bounded lifetime costs nothing and caps any leak.
              if (tick * POLL_MS >= MAX_STREAM_MS) return stop();
              const now = await token();
              if (now !== last) send('change', { token: now });
              last = now;
              await beat(tick % PRESENCE_EVERY === 0);
            } catch {
              stop();
            } finally {
              busy = false;
            }
          })();
        }, POLL_MS);
      },
      cancel: stop,
    });
    return new Response(stream, {
      headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
    });
  },
  { roles: ['OWNER', 'ADMIN', 'AGENT'] },
);

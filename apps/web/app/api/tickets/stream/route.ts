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
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (event: string, data: unknown) => controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        let last = await token();
        let lastPresence = '';
        let tick = 0;
        // Our own heartbeat every few polls keeps us listed; reading in between shows arrivals and departures quickly.
        const beat = async (touch: boolean) => {
          if (!ticketId) return;
          const list = touch ? await touchPresence(redis(), tenantId, ticketId, viewer) : await listPresence(redis(), tenantId, ticketId);
          const viewers = JSON.stringify(list);
          if (viewers !== lastPresence) send('presence', JSON.parse(viewers));
          lastPresence = viewers;
        };
        send('ready', { token: last });
        await beat(true);
        timer = setInterval(() => {
          void (async () => {
            try {
              const now = await token();
              if (now !== last) send('change', { token: now });
              last = now;
              tick += 1;
              await beat(tick % PRESENCE_EVERY === 0);
            } catch {
              clearInterval(timer);
              controller.close();
            }
          })();
        }, POLL_MS);
        req.signal.addEventListener('abort', () => {
          clearInterval(timer);
          if (ticketId) void leavePresence(redis(), tenantId, ticketId, viewer).catch(() => undefined);
          try {
            controller.close();
          } catch {
            // Already closed by the error path above.
          }
        });
      },
      cancel() {
        clearInterval(timer);
      },
    });
    return new Response(stream, {
      headers: { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
    });
  },
  { roles: ['OWNER', 'ADMIN', 'AGENT'] },
);

import type { NextRequest } from 'next/server';
import { z } from 'zod';
import { changeTokenFor, inboxChangeToken, leavePresence, listPresence, ticketChangeToken, touchPresence } from '@helpdesk/core';
import { apiRoute } from '@/lib/api';
import { db, redis } from '@/lib/clients';
import { sseResponse } from '@/lib/sse';

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
    // The first read also checks that the ticket is the tenant's (404 before any stream opens).
    let last = await changeTokenFor(db(), tenantId, ticketId);
    const token = () => (ticketId ? ticketChangeToken(db(), tenantId, ticketId) : inboxChangeToken(db(), tenantId));
    const viewer = { userId: member.userId, name: member.name };
    return sseResponse(
      req,
      async (sse) => {
        let lastPresence = '';
        let tick = 0;
        let busy = false;
        // Our own heartbeat every few polls keeps us listed; reading in between shows arrivals and departures quickly.
        const beat = async (touch: boolean) => {
          if (!ticketId) return;
          const viewers = JSON.stringify(
            touch ? await touchPresence(redis(), tenantId, ticketId, viewer) : await listPresence(redis(), tenantId, ticketId),
          );
          if (viewers !== lastPresence) sse.send('presence', JSON.parse(viewers));
          lastPresence = viewers;
        };
        if (ticketId) sse.onClose(() => void leavePresence(redis(), tenantId, ticketId, viewer).catch(() => undefined));
        sse.send('ready', { token: last });
        await beat(true);
        const timer = setInterval(() => {
          // A slow database must not pile up overlapping polls.
          if (busy) return;
          busy = true;
          void (async () => {
            try {
              tick += 1;
              const now = await token();
              if (now !== last) sse.send('change', { token: now });
              last = now;
              await beat(tick % PRESENCE_EVERY === 0);
            } catch {
              sse.close();
            } finally {
              busy = false;
            }
          })();
        }, POLL_MS);
        sse.onClose(() => clearInterval(timer));
      },
      { maxOpenMs: MAX_STREAM_MS },
    );
  },
  { can: 'tickets.view' },
);

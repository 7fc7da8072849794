import { draftChannel, readDraftSnapshot, type DraftStreamEvent } from '@helpdesk/escalation';
import { NotFoundError } from '@helpdesk/db';
import { apiRoute } from '@/lib/api';
import { db, redis } from '@/lib/clients';

export const dynamic = 'force-dynamic';

const LIVE = new Set(['PENDING', 'STREAMING']);
const MAX_OPEN_MS = 5 * 60_000;

/**
 * Server-sent events for one draft being written: a snapshot of the text so far, then deltas, then the
 * final text. Events published between subscribing and reading the snapshot are held back and replayed
 * by sequence number, so a late subscriber neither misses nor repeats text.
 */
export const GET = apiRoute<{ id: string }>(
  async (req, { member, params }) => {
    const draft = await db().aiDraft.findFirst({ where: { id: params.id, tenantId: member.tenantId }, select: { id: true, body: true, status: true, source: true } });
    if (!draft) throw new NotFoundError('Draft');
    const encoder = new TextEncoder();
    const sub = redis().duplicate();
    let closed = false;
    let timers: NodeJS.Timeout[] = [];

    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (event: DraftStreamEvent) => controller.enqueue(encoder.encode(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`));
        const close = () => {
          if (closed) return;
          closed = true;
          timers.forEach(clearTimeout);
          sub.disconnect();
          controller.close();
        };
        req.signal.addEventListener('abort', close);
        if (!LIVE.has(draft.status)) {
          send({ type: 'done', seq: 0, text: draft.body, status: draft.status, source: draft.source });
          return close();
        }
        let lastSeq = 0;
        let pending: DraftStreamEvent[] | null = [];
        const deliver = (event: DraftStreamEvent) => {
          if (closed || event.seq <= lastSeq) return;
          lastSeq = event.seq;
          send(event);
          if (event.type === 'done') close();
        };
        sub.on('message', (_channel: string, raw: string) => {
          const event = JSON.parse(raw) as DraftStreamEvent;
          if (pending) pending.push(event);
          else deliver(event);
        });
        await sub.subscribe(draftChannel(draft.id));
        const snapshot = await readDraftSnapshot(redis(), draft.id);
        if (snapshot?.done) deliver(snapshot.done);
        else if (snapshot) deliver({ type: 'snapshot', seq: snapshot.seq, text: snapshot.text });
        const held = pending;
        pending = null;
        held.forEach(deliver);
        if (closed) return;
        // A draft finished before we subscribed and its snapshot expired: the row has the final text.
        const fresh = await db().aiDraft.findFirst({ where: { id: draft.id, tenantId: member.tenantId }, select: { body: true, status: true, source: true } });
        if (fresh && !LIVE.has(fresh.status) && !snapshot) deliver({ type: 'done', seq: Number.MAX_SAFE_INTEGER, text: fresh.body, status: fresh.status, source: fresh.source });
        const ping = setInterval(() => !closed && controller.enqueue(encoder.encode(': ping\n\n')), 15_000);
        timers = [ping, setTimeout(close, MAX_OPEN_MS)];
      },
      cancel() {
        closed = true;
        timers.forEach(clearTimeout);
        sub.disconnect();
      },
    });
    return new Response(stream, {
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' },
    });
  },
  { roles: ['OWNER', 'ADMIN', 'AGENT'] },
);

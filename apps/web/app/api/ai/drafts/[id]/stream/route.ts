import { draftChannel, readDraftForStream, readDraftSnapshot, type DraftStreamEvent } from '@helpdesk/escalation';
import { NotFoundError } from '@helpdesk/db';
import { apiRoute } from '@/lib/api';
import { db, redis } from '@/lib/clients';
import { sseResponse } from '@/lib/sse';

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
    const draft = await readDraftForStream(db(), member.tenantId, params.id);
    if (!draft) throw new NotFoundError('Draft');
    return sseResponse(
      req,
      async (sse) => {
        const send = (event: DraftStreamEvent) => sse.send(event.type, event);
        if (!LIVE.has(draft.status)) {
          send({ type: 'done', seq: 0, text: draft.body, status: draft.status, source: draft.source });
          return sse.close();
        }
        const sub = redis().duplicate();
        sse.onClose(() => sub.disconnect());
        let lastSeq = 0;
        let pending: DraftStreamEvent[] | null = [];
        const deliver = (event: DraftStreamEvent) => {
          if (sse.closed || event.seq <= lastSeq) return;
          lastSeq = event.seq;
          send(event);
          if (event.type === 'done') sse.close();
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
        if (sse.closed) return;
        // A draft finished before we subscribed and its snapshot expired: the row has the final text.
        const fresh = await readDraftForStream(db(), member.tenantId, draft.id);
        if (fresh && !LIVE.has(fresh.status) && !snapshot)
          deliver({ type: 'done', seq: Number.MAX_SAFE_INTEGER, text: fresh.body, status: fresh.status, source: fresh.source });
      },
      { maxOpenMs: MAX_OPEN_MS },
    );
  },
  { can: 'ai.review' },
);

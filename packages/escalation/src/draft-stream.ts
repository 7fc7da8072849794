import type { Redis } from 'ioredis';
import type { AiDraft, Db } from '@helpdesk/db';

/**
 * Draft text travels to browsers over Redis pub/sub. Each event carries a sequence number and the latest
 * full text is kept in a key, so a subscriber that joins late reads the snapshot and then applies only
 * newer deltas.
 */
export type DraftStreamEvent =
  | { type: 'snapshot'; seq: number; text: string }
  | { type: 'delta'; seq: number; text: string }
  | { type: 'done'; seq: number; text: string; status: string; source: string };

export const draftChannel = (draftId: string) => `draft:${draftId}`;
export const draftSnapshotKey = (draftId: string) => `draft:${draftId}:snapshot`;

const SNAPSHOT_TTL_SECONDS = 3600;

export class DraftPublisher {
  private seq = 0;
  private text = '';

  constructor(
    private readonly redis: Redis | null,
    readonly draftId: string,
  ) {}

  private async emit(event: DraftStreamEvent): Promise<void> {
    if (!this.redis) return;
    await this.redis
      .multi()
      .set(
        draftSnapshotKey(this.draftId),
        JSON.stringify({ type: 'snapshot', seq: event.seq, text: this.text, done: event.type === 'done' ? event : null }),
        'EX',
        SNAPSHOT_TTL_SECONDS,
      )
      .publish(draftChannel(this.draftId), JSON.stringify(event))
      .exec();
  }

  /** A retried call starts its text over. */
  async restart(): Promise<void> {
    this.text = '';
    await this.emit({ type: 'snapshot', seq: ++this.seq, text: '' });
  }

  /** Publishes whatever of `fullText` is new since the last call (fullText only ever grows within a call). */
  async update(fullText: string): Promise<void> {
    if (fullText.length <= this.text.length) return;
    const delta = fullText.slice(this.text.length);
    this.text = fullText;
    await this.emit({ type: 'delta', seq: ++this.seq, text: delta });
  }

  async done(text: string, status: string, source: string): Promise<void> {
    this.text = text;
    await this.emit({ type: 'done', seq: ++this.seq, text, status, source });
  }
}

export interface DraftSnapshot {
  seq: number;
  text: string;
  done: Extract<DraftStreamEvent, { type: 'done' }> | null;
}

export async function readDraftSnapshot(redis: Redis, draftId: string): Promise<DraftSnapshot | null> {
  const raw = await redis.get(draftSnapshotKey(draftId));
  return raw ? (JSON.parse(raw) as DraftSnapshot) : null;
}

/** The stored state of one of the tenant's drafts, which a stream falls back to once the live text is gone. */
export async function readDraftForStream(
  db: Db,
  tenantId: string,
  draftId: string,
): Promise<Pick<AiDraft, 'id' | 'body' | 'status' | 'source'> | null> {
  return db.aiDraft.findFirst({ where: { id: draftId, tenantId }, select: { id: true, body: true, status: true, source: true } });
}

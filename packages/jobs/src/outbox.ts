import type { Redis } from 'ioredis';
import type { SystemClient } from '@helpdesk/db';
import { enqueue } from './enqueue';
import type { JobName } from './registry';

/**
 * Domain code writes OutboxEvents in the same transaction as the change; the dispatcher turns them into
 * jobs. A crash between enqueue and marking dispatched re-enqueues, which the deterministic job ids absorb.
 */
export const outboxRoutes = {
  'ticket.created': ['triage', 'retrieval'],
  'message.customer': ['triage', 'retrieval'],
  'message.outbound': ['mail'],
  'kb.article.changed': ['kbEmbed'],
  'classifier.retrain': ['classifierTrain'],
  'budget.alert': ['budgetAlert'],
} as const satisfies Record<string, readonly JobName[]>;

export type OutboxEventType = keyof typeof outboxRoutes;

export async function dispatchOutbox(db: SystemClient, redis: Redis, batch = 100): Promise<number> {
  // Rows stay locked until their jobs are in Redis, so two dispatchers never both take one and a crash
  // before commit leaves the event for the next sweep.
  return db.$transaction(async (tx) => {
    const events = await tx.$queryRaw<{ id: string; type: string; payload: unknown }[]>`
      SELECT id, type, payload FROM "OutboxEvent"
       WHERE "dispatchedAt" IS NULL AND attempts < 10 ORDER BY "createdAt" LIMIT ${batch} FOR UPDATE SKIP LOCKED`;
    let dispatched = 0;
    for (const event of events) {
      const route = outboxRoutes[event.type as OutboxEventType] as readonly JobName[] | undefined;
      try {
        if (!route) throw new Error(`Unknown outbox event type "${event.type}"`);
        for (const name of route) await enqueue(redis, name, event.payload as never);
        await tx.outboxEvent.update({ where: { id: event.id }, data: { dispatchedAt: new Date(), attempts: { increment: 1 } } });
        dispatched++;
      } catch (error) {
        await tx.outboxEvent.update({ where: { id: event.id }, data: { attempts: { increment: 1 }, lastError: (error as Error).message } });
      }
    }
    return dispatched;
  }, { timeout: 30_000 });
}

import type { Redis } from 'ioredis';
import type { SystemClient } from '@helpdesk/db';
import { enqueue, getQueue } from './enqueue';
import { jobs, type JobName } from './registry';

/**
 * Domain code writes OutboxEvents in the same transaction as the change; the dispatcher turns them into
 * jobs. A crash between enqueue and marking dispatched re-enqueues, which the deterministic job ids absorb.
 * A dispatched event stays open (confirmedAt null) until its jobs are seen finished: Redis losing its data
 * (a restart without persistence, a failover to a lagging replica) then costs a re-enqueue, not the work.
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
  return db.$transaction(
    async (tx) => {
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
          await tx.outboxEvent.update({
            where: { id: event.id },
            data: { attempts: { increment: 1 }, lastError: (error as Error).message },
          });
        }
      }
      return dispatched;
    },
    { timeout: 30_000 },
  );
}

/** States in which a job will still run (or is running): its hold, its outbox event, its work are still owed. */
const LIVE_STATES = new Set(['active', 'waiting', 'waiting-children', 'delayed', 'prioritized']);

/** Whether BullMQ still has the job and may run it. A job Redis lost or that failed for good will not run. */
export async function jobMayRun(redis: Redis, name: JobName, jobId: string): Promise<boolean> {
  return LIVE_STATES.has(await getQueue(jobs[name].queue, redis).getJobState(jobId));
}

/** Completed jobs are kept this long (enqueue's removeOnComplete); past it a missing job tells nothing. */
const RECHECK_WINDOW_MS = 7 * 24 * 3600_000;

export interface OutboxReconciliation {
  confirmed: number;
  requeued: number;
  pending: number;
}

/**
 * Re-checks dispatched, unconfirmed events: each whose jobs all finished (completed, or failed for good after
 * their retries) is confirmed; a job Redis no longer knows is enqueued again under its deterministic id, which
 * BullMQ keeps once however many dispatchers race. Jobs are confirmed within a tick of finishing, long before
 * BullMQ trims a completed job, so a missing job means a lost one.
 */
export async function reconcileOutbox(db: SystemClient, redis: Redis, batch = 200): Promise<OutboxReconciliation> {
  const events = await db.$queryRaw<{ id: string; type: string; payload: unknown }[]>`
    SELECT id, type, payload FROM "OutboxEvent"
     WHERE "dispatchedAt" IS NOT NULL AND "confirmedAt" IS NULL AND "dispatchedAt" > ${new Date(Date.now() - RECHECK_WINDOW_MS)}
     ORDER BY "dispatchedAt" LIMIT ${batch}`;
  const result: OutboxReconciliation = { confirmed: 0, requeued: 0, pending: 0 };
  const done: string[] = [];
  for (const event of events) {
    const route = (outboxRoutes[event.type as OutboxEventType] ?? []) as readonly JobName[];
    let finished = true;
    for (const name of route) {
      const def = jobs[name];
      const jobId = (def.jobId as (p: unknown) => string)(def.payload.parse(event.payload));
      const state = await getQueue(def.queue, redis).getJobState(jobId);
      if (state === 'completed' || state === 'failed') continue;
      finished = false;
      if (state === 'unknown') {
        await enqueue(redis, name, event.payload as never);
        result.requeued++;
      }
    }
    if (finished) done.push(event.id);
    else result.pending++;
  }
  if (done.length) await db.outboxEvent.updateMany({ where: { id: { in: done } }, data: { confirmedAt: new Date() } });
  result.confirmed = done.length;
  return result;
}

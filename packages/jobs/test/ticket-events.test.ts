import { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../src/connection';
import { closeQueues, enqueue } from '../src/enqueue';
import { parseTicketJobId, TicketJobEvents, type TicketJobEvent } from '../src/ticket-events';

// A database of its own: the AI queues' names are fixed, and other suites' workers must not take these jobs.
const redis = createRedis('redis://127.0.0.1:6379/14');
const hub = new TicketJobEvents(redis);

beforeAll(async () => {
  await redis.flushdb();
});
afterAll(async () => {
  await hub.close();
  await closeQueues();
  redis.disconnect();
});

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('TicketJobEvents', () => {
  it('reads the ticket from an AI job id and nothing from other jobs', () => {
    expect(parseTicketJobId('draft-cmf1x2-v3')).toEqual({ job: 'draft', ticketId: 'cmf1x2', contentVersion: 3 });
    expect(parseTicketJobId('triage-1b2c-4d-v12')).toEqual({ job: 'triage', ticketId: '1b2c-4d', contentVersion: 12 });
    expect(parseTicketJobId('mail-abc')).toBeNull();
  });

  it('hands a ticket’s job starts, progress, results and failures to that ticket’s listeners only', async () => {
    const mine: TicketJobEvent[] = [];
    const others: TicketJobEvent[] = [];
    const stop = hub.subscribe('ticket-a', (e) => mine.push(e));
    hub.subscribe('ticket-b', (e) => others.push(e));
    await hub.ready();
    const worker = new Worker(
      'ai-triage',
      async (job) => {
        await job.updateProgress({ started: true });
        if ((job.data as { contentVersion: number }).contentVersion === 2) throw new Error('model crashed');
      },
      { connection: redis.duplicate() },
    );
    try {
      await enqueue(redis, 'triage', { tenantId: 't1', ticketId: 'ticket-a', contentVersion: 1 });
      await until(() => mine.some((e) => e.state === 'completed'));
      expect(mine.map((e) => e.state)).toEqual(['active', 'progress', 'completed']);
      expect(mine[0]).toEqual({ job: 'triage', state: 'active', contentVersion: 1 });

      await enqueue(redis, 'triage', { tenantId: 't1', ticketId: 'ticket-a', contentVersion: 2 }, { attempts: 1 });
      await until(() => mine.some((e) => e.state === 'failed'));
      expect(others).toEqual([]);

      stop();
      await enqueue(redis, 'triage', { tenantId: 't1', ticketId: 'ticket-a', contentVersion: 3 });
      await enqueue(redis, 'triage', { tenantId: 't1', ticketId: 'ticket-b', contentVersion: 1 });
      await until(() => others.some((e) => e.state === 'completed'));
      expect(mine.filter((e) => e.contentVersion === 3)).toEqual([]);
    } finally {
      await worker.close();
    }
  });
});

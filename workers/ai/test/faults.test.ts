import { describe, expect, it } from 'vitest';
import { enqueue, getQueue, jobs } from '@helpdesk/jobs';
import { waitFor } from '@helpdesk/testkit/wait';
import { makeTicket, seedCategories, useAiWorker } from './fixtures';

// A private redis-server: the test kills workers mid-job and inspects every key, which must not touch anyone else's queues.
const w = useAiWorker({
  tenantName: 'Fault Tenant',
  redis: { privatePort: 6392 },
  sequences: 2,
  lockMs: 4000,
  seed: ({ db, tenantId }) => seedCategories(db, tenantId),
});

/**
 * Kills the worker the moment `jobId` is active, then checks (after the process is gone, so nothing more can be
 * written by it) that the job had not stored its result or its ledger row: the kill really landed mid-job.
 */
async function killMidJob(queueName: string, jobId: string, counts: () => Promise<{ results: number; ledger: number }>) {
  const { redis } = w;
  const queue = getQueue(queueName, redis);
  await waitFor(`${jobId} to start`, async () => (await queue.getJobState(jobId)) === 'active', 120_000, 2);
  await w.kill();
  const atKill = await counts();
  w.start();
  await waitFor(`${jobId} to complete after the kill`, async () => (await queue.getJobState(jobId)) === 'completed', 120_000);
  const job = (await queue.getJob(jobId))!;
  const after = await counts();
  return { atKill, after, stalledCounter: job.stalledCounter, attemptsMade: job.attemptsMade };
}

/** Reports the run, then checks that nothing was stored at the kill, the stalled job ran again, and it left one result and one ledger row. */
function expectRerunOnce(job: string, jobId: string, run: Awaited<ReturnType<typeof killMidJob>>): void {
  console.log(
    `[fault] injected: SIGKILL of the AI worker while ${job} ${jobId} was active; counted at kill: ${JSON.stringify(run.atKill)}, after rerun: ${JSON.stringify(run.after)}, stalledCounter ${run.stalledCounter}, attemptsMade ${run.attemptsMade}; lost ${1 - run.after.results}, duplicated ${Math.max(0, run.after.results - 1)}`,
  );
  expect(run.atKill).toEqual({ results: 0, ledger: 0 });
  // BullMQ's stall checker moved the orphaned job back to wait: that is the retry, not a first run that won a race.
  expect(run.stalledCounter).toBeGreaterThanOrEqual(1);
  expect(run.after).toEqual({ results: 1, ledger: 1 });
}

describe('AI worker SIGKILLed mid-job', () => {
  it('mid-triage: the stalled job runs again, leaving one triage result and one ledger row', async () => {
    const { db, redis, tenantId } = w;
    const ticket = await makeTicket(db, tenantId, 'Cannot sign in', ['password reset link is broken '.repeat(150)]);
    const payload = { tenantId, ticketId: ticket.id, contentVersion: 1 };
    await enqueue(redis, 'triage', payload);
    const jobId = jobs.triage.jobId(payload);
    const where = { tenantId, ticketId: ticket.id };
    const run = await killMidJob(jobs.triage.queue, jobId, async () => ({
      results: await db.triageResult.count({ where }),
      ledger: await db.usageEvent.count({ where: { ...where, feature: 'TRIAGE' } }),
    }));
    expectRerunOnce('triage', jobId, run);
  }, 300_000);

  it('mid-draft: the stalled job runs again, leaving one draft and one ledger row', async () => {
    const { db, redis, tenantId } = w;
    const ticket = await makeTicket(db, tenantId, 'Charged twice', [
      'My card was charged twice for one order, please refund it. '.repeat(40),
    ]);
    const payload = { tenantId, ticketId: ticket.id, contentVersion: 1 };
    await enqueue(redis, 'triage', payload);
    const jobId = jobs.draft.jobId(payload);
    const where = { tenantId, ticketId: ticket.id };
    const run = await killMidJob(jobs.draft.queue, jobId, async () => ({
      results: await db.aiDraft.count({ where: { ...where, status: { in: ['READY', 'PENDING', 'APPROVED'] } } }),
      ledger: await db.usageEvent.count({ where: { ...where, feature: 'DRAFT' } }),
    }));
    expectRerunOnce('draft', jobId, run);
    expect(await db.aiDraft.count({ where })).toBe(1);
  }, 300_000);
});

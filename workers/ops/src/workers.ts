import type { Worker } from 'bullmq';
import { createWorker, getQueue, jobs, type JobName } from '@helpdesk/jobs';
import { budgetAlertHandlers, mailHandlers, maintenanceHandlers, type OpsDeps } from './handlers';

/** How often each maintenance job runs; the outbox is drained every second so jobs start promptly. */
export const SCHEDULES: Partial<Record<JobName, number>> = {
  outboxDispatch: 1_000,
  slaSweep: 60_000,
  autoClose: 3_600_000,
  usageRollup: 300_000,
  retrainSweep: 600_000,
  holdSweep: 300_000,
};

/** Each scheduler lives on its job's own queue; a scheduler left on another queue by an older release is removed. */
export async function scheduleMaintenance(deps: Pick<OpsDeps, 'redis'>, schedules = SCHEDULES): Promise<void> {
  for (const [name, every] of Object.entries(schedules) as [JobName, number][]) {
    const queue = getQueue(jobs[name].queue, deps.redis);
    await queue.upsertJobScheduler(name, { every }, { name, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } });
    for (const other of new Set(Object.keys(schedules).map((n) => jobs[n as JobName].queue))) {
      if (other !== jobs[name].queue) await getQueue(other, deps.redis).removeJobScheduler(name);
    }
  }
}

export function startOpsWorkers(deps: OpsDeps): Worker[] {
  const handlers = maintenanceHandlers(deps);
  return [
    createWorker(jobs.mail.queue, mailHandlers(deps), deps.redis, { concurrency: 4 }),
    // Sweeps stop after their time budget (20 s), well inside this lock, which BullMQ also renews while they run.
    createWorker(jobs.slaSweep.queue, handlers, deps.redis, { concurrency: 1, lockDuration: 60_000 }),
    createWorker(jobs.outboxDispatch.queue, handlers, deps.redis, { concurrency: 1 }),
    createWorker(jobs.budgetAlert.queue, budgetAlertHandlers(deps), deps.redis, { concurrency: 2 }),
  ];
}

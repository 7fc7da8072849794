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
};

export async function scheduleMaintenance(deps: Pick<OpsDeps, 'redis'>, schedules = SCHEDULES): Promise<void> {
  const queue = getQueue(jobs.slaSweep.queue, deps.redis);
  for (const [name, every] of Object.entries(schedules)) {
    await queue.upsertJobScheduler(name, { every }, { name, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } });
  }
}

export function startOpsWorkers(deps: OpsDeps): Worker[] {
  return [
    createWorker(jobs.mail.queue, mailHandlers(deps), deps.redis, { concurrency: 4 }),
    createWorker(jobs.slaSweep.queue, maintenanceHandlers(deps), deps.redis, { concurrency: 1 }),
    createWorker(jobs.budgetAlert.queue, budgetAlertHandlers(deps), deps.redis, { concurrency: 2 }),
  ];
}

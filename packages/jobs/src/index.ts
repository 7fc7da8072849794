export { createRedis } from './connection';
export { jobs, queueNames, type JobDefinition, type JobName, type JobPayload } from './registry';
export { enqueue, getQueue, closeQueues } from './enqueue';
export { createWorker, type Handler, type Handlers } from './worker';
export { writeHeartbeat, removeHeartbeat, readHeartbeats, type WorkerHeartbeat } from './heartbeat';
export { dispatchOutbox, reconcileOutbox, jobMayRun, outboxRoutes, type OutboxEventType, type OutboxReconciliation } from './outbox';
export { runJobAgain, type RunAgainOutcome } from './retry';

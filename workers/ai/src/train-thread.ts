import { parentPort, workerData } from 'node:worker_threads';
import { trainTenantClassifier } from '@helpdesk/classifier';
import { createDb } from '@helpdesk/db';

/**
 * One classifier fit, in a worker thread: the fit is seconds of synchronous arithmetic, which on the main
 * thread would freeze every AI job of the process and the lock renewals of BullMQ with them.
 */
const { databaseUrl, tenantId } = workerData as { databaseUrl: string; tenantId: string };
const db = createDb(databaseUrl, 2);
try {
  const result = await trainTenantClassifier(db, tenantId);
  parentPort!.postMessage({ ok: true, status: result.status, message: result.message });
} catch (error) {
  parentPort!.postMessage({ ok: false, message: (error as Error).message });
} finally {
  await db.$disconnect();
}

import { Worker } from 'node:worker_threads';

export interface ThreadTrainResult {
  status: string;
  message: string;
}

// tsx's loader hooks do not reach a worker thread's entry module, so the thread registers them itself
// before it imports the TypeScript entry (the AI worker always runs under tsx).
const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ register }) => { register(); return import(workerData.entry); });
`;

/** Runs `trainTenantClassifier` for one tenant in a worker thread and resolves with its outcome. */
export function trainInThread(databaseUrl: string, tenantId: string): Promise<ThreadTrainResult> {
  return new Promise((resolve, reject) => {
    const workerData = {
      databaseUrl,
      tenantId,
      tsx: import.meta.resolve('tsx/esm/api'),
      entry: new URL('./train-thread.ts', import.meta.url).href,
    };
    const worker = new Worker(BOOT, { eval: true, workerData });
    let settled = false;
    worker.once('message', (m: { ok: boolean; status?: string; message: string }) => {
      settled = true;
      if (m.ok) resolve({ status: m.status!, message: m.message });
      else reject(new Error(m.message));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`classifier training thread exited with code ${code} before reporting`));
    });
  });
}

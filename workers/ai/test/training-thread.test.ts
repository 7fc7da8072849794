import { describe, expect, it } from 'vitest';
import type { Job } from 'bullmq';
import type { Db } from '@helpdesk/db';
import { enqueue, getQueue, jobs } from '@helpdesk/jobs';
import { banking77 } from '../../../packages/classifier/test/fixtures';
import { waitFor } from '@helpdesk/testkit/wait';
import { makeTicket, useAiWorker } from './fixtures';

const PER_CATEGORY = 12;
let labelCount = 0;

/** banking77 training texts as agent-labelled tickets, written in bulk (one row per table per batch). */
async function addLabels(db: Db, tenantId: string, perCategory: number): Promise<number> {
  const byLabel = new Map<string, string[]>();
  for (const e of banking77()) byLabel.set(e.label, [...(byLabel.get(e.label) ?? []), e.text]);
  const customer = await db.customer.create({ data: { tenantId, email: 'labels@example.test' } });
  await db.category.createMany({ data: [...byLabel.keys()].map((key) => ({ tenantId, key, name: key.replace(/_/g, ' ') })) });
  const categoryId = new Map((await db.category.findMany({ where: { tenantId } })).map((c) => [c.key, c.id]));
  const rows = [...byLabel].flatMap(([label, texts]) => texts.slice(0, perCategory).map((text) => ({ label, text })));
  const tickets = rows.map((r, i) => ({
    id: `lbl-${i}`,
    tenantId,
    number: 10_000 + i,
    subject: r.text.slice(0, 40),
    channel: 'EMAIL' as const,
    customerId: customer.id,
    categoryId: categoryId.get(r.label)!,
  }));
  await db.ticket.createMany({ data: tickets });
  await db.message.createMany({
    data: rows.map((r, i) => ({ tenantId, ticketId: `lbl-${i}`, kind: 'CUSTOMER' as const, customerId: customer.id, bodyText: r.text })),
  });
  await db.triageLabel.createMany({ data: rows.map((r, i) => ({ tenantId, ticketId: `lbl-${i}`, field: 'category', toValue: r.label })) });
  return rows.length;
}

// A private Redis: this test owns every key in it, and the shared one is left alone.
const w = useAiWorker({
  tenantName: 'Training Tenant',
  redis: { privatePort: 16_400 + (process.pid % 1000) },
  sequences: 1,
  lockMs: 5000,
  seed: async ({ db, tenantId }) => {
    labelCount = await addLabels(db, tenantId, PER_CATEGORY);
  },
});

function assertWorkerAlive(): void {
  const { worker } = w;
  if (worker?.exitCode !== null || worker?.signalCode !== null)
    throw new Error(`the AI worker exited (${worker?.exitCode ?? worker?.signalCode})`);
}

async function finished(queue: string, id: string): Promise<Job> {
  const { redis } = w;
  return waitFor(
    `job ${id}`,
    async () => {
      assertWorkerAlive();
      const job = await getQueue(queue, redis).getJob(id);
      if (job?.failedReason) throw new Error(`job ${id} failed: ${job.failedReason}`);
      return job?.finishedOn ? job : null;
    },
    240_000,
  );
}

describe('classifier training in the AI worker', () => {
  it('a fit on its own thread does not stall a triage job of the same process', async () => {
    const { db, redis, tenantId } = w;
    // Warm up: the worker has loaded the model and answers triage before the fit starts.
    const warm = await makeTicket(db, tenantId, 'Card', ['My card has not arrived yet.']);
    await enqueue(redis, 'triage', { tenantId, ticketId: warm.id, contentVersion: 1 });
    await finished(jobs.triage.queue, jobs.triage.jobId({ tenantId, ticketId: warm.id, contentVersion: 1 }));

    const trainId = jobs.classifierTrain.jobId({ tenantId, labelCount });
    await enqueue(redis, 'classifierTrain', { tenantId, labelCount });
    await waitFor(
      'the fit to start',
      async () => {
        assertWorkerAlive();
        const job = await getQueue(jobs.classifierTrain.queue, redis).getJob(trainId);
        if (job?.failedReason) throw new Error(`training failed: ${job.failedReason}`);
        return db.classifierModel.findFirst({ where: { tenantId, status: 'TRAINING' } });
      },
      60_000,
      20,
    );
    const ticket = await makeTicket(db, tenantId, 'Exchange rate', ['What exchange rate do you use for euros?']);
    const triageId = jobs.triage.jobId({ tenantId, ticketId: ticket.id, contentVersion: 1 });
    await enqueue(redis, 'triage', { tenantId, ticketId: ticket.id, contentVersion: 1 });

    const triage = await finished(jobs.triage.queue, triageId);
    const train = await finished(jobs.classifierTrain.queue, trainId);
    const model = await db.classifierModel.findFirstOrThrow({ where: { tenantId } });
    console.log(
      `fit ${train.processedOn}→${train.finishedOn} (${train.finishedOn! - train.processedOn!} ms, ${labelCount} labels); triage ${triage.processedOn}→${triage.finishedOn}`,
    );
    expect(model.status).toBe('READY');
    expect(train.returnvalue).toMatchObject({ status: 'trained' });
    // The triage job started after the fit and was done while the fit was still computing.
    expect(triage.processedOn!).toBeGreaterThan(train.processedOn!);
    expect(triage.finishedOn!).toBeLessThan(train.finishedOn!);
    expect(await db.triageResult.count({ where: { tenantId, ticketId: ticket.id } })).toBe(1);
  }, 300_000);
});

import { NextResponse } from 'next/server';
import { aiModelStatus, tenantQueueStatus } from '@helpdesk/jobs/queue-status';
import { apiRoute } from '@/lib/api';
import { redis } from '@/lib/clients';

/** Model status and this tenant's AI queue counts, for dashboards and the e2e harness. Workers are shared: only their count and model show. */
export const GET = apiRoute(
  async (_req, { member }) => {
    const [model, queues] = await Promise.all([aiModelStatus(redis()), tenantQueueStatus(redis(), member.tenantId)]);
    return NextResponse.json({
      workers: model,
      queues: queues.queues.map(({ name, queue, counts }) => ({ name, queue, counts })),
      failed: queues.failed,
    });
  },
  { can: 'ai.review' },
);

import { NextResponse } from 'next/server';
import { aiWorkerStatus, tenantQueueStatus } from '@helpdesk/ai/queue-status';
import { apiRoute } from '@/lib/api';
import { redis } from '@/lib/clients';

/** Model status and this tenant's AI queue counts, for dashboards and the e2e harness. */
export const GET = apiRoute(
  async (_req, { member }) => {
    const [workers, queues] = await Promise.all([aiWorkerStatus(redis()), tenantQueueStatus(redis(), member.tenantId)]);
    return NextResponse.json({ workers, queues: queues.queues.map(({ name, queue, counts }) => ({ name, queue, counts })), failed: queues.failed });
  },
  { roles: ['OWNER', 'ADMIN', 'AGENT'] },
);

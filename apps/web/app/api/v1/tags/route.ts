import { listTags } from '@helpdesk/core/tags';
import { db } from '@/lib/clients';
import { v1Route } from '../_lib/v1-route';

export const GET = v1Route('tickets:read', async (_req, { auth }) => ({
  status: 200,
  body: { data: await listTags(db(), auth.actor.tenantId) },
}));

import { getCustomerResource } from '@helpdesk/core/api-resources';
import { db } from '@/lib/clients';
import { v1Route } from '../../_lib/v1-route';

export const GET = v1Route<{ id: string }>('customers:read', async (_req, { auth, params }) => ({
  status: 200,
  body: await getCustomerResource(db(), auth.actor.tenantId, params.id),
}));

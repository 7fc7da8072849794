import { customerListQuery, toCustomer } from '@helpdesk/core/api-resources';
import { listCustomers } from '@helpdesk/core/queries/customers';
import { db } from '@/lib/clients';
import { searchParams, v1Route } from '../_lib/v1-route';

export const GET = v1Route('customers:read', async (req, { auth }) => {
  const { q, cursor } = customerListQuery.parse(searchParams(req));
  const page = await listCustomers(db(), auth.actor.tenantId, { q, cursor: cursor ?? null });
  return { status: 200, body: { data: page.items.map(toCustomer), nextCursor: page.nextCursor } };
});

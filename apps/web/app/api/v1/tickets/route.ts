import { getTicketResource, listTicketResources } from '@helpdesk/core/api-resources';
import { apiCreateTicketInput, createTicket } from '@helpdesk/core/tickets';
import { db } from '@/lib/clients';
import { searchParams, v1Route } from '../_lib/v1-route';

export const GET = v1Route('tickets:read', async (req, { auth }) => ({
  status: 200,
  body: await listTicketResources(db(), auth.actor.tenantId, searchParams(req)),
}));

export const POST = v1Route('tickets:write', async (_req, { auth, body }) => {
  const input = apiCreateTicketInput.parse(body);
  const ticket = await createTicket(db(), auth.actor, input);
  return { status: 201, body: await getTicketResource(db(), auth.actor.tenantId, ticket.id) };
});

import { getTicketResource } from '@helpdesk/core/api-resources';
import { ticketChangesSchema, updateTicket } from '@helpdesk/core/ticket-update';
import { db } from '@/lib/clients';
import { v1Route } from '../../_lib/v1-route';

type Params = { id: string };

export const GET = v1Route<Params>('tickets:read', async (_req, { auth, params }) => ({
  status: 200,
  body: await getTicketResource(db(), auth.actor.tenantId, params.id),
}));

export const PATCH = v1Route<Params>('tickets:write', async (_req, { auth, params, body }) => {
  await updateTicket(db(), auth.actor, params.id, ticketChangesSchema.parse(body));
  return { status: 200, body: await getTicketResource(db(), auth.actor.tenantId, params.id) };
});

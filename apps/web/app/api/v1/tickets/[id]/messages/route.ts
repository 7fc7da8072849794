import { getMessageResource, listMessageResources } from '@helpdesk/core/api-resources';
import { addMessage, apiAddMessageInput } from '@helpdesk/core/messages';
import { db } from '@/lib/clients';
import { v1Route } from '../../../_lib/v1-route';

type Params = { id: string };

export const GET = v1Route<Params>('tickets:read', async (_req, { auth, params }) => ({
  status: 200,
  body: { data: await listMessageResources(db(), auth.actor.tenantId, params.id), nextCursor: null },
}));

export const POST = v1Route<Params>('tickets:write', async (_req, { auth, params, body }) => {
  const input = apiAddMessageInput.parse(body);
  const message = await addMessage(db(), auth.actor, { ...input, ticketId: params.id });
  return { status: 201, body: await getMessageResource(db(), auth.actor.tenantId, params.id, message.id) };
});

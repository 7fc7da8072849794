import { ValidationError } from '@helpdesk/db';
import { searchTickets } from '@helpdesk/core/queries/search-tickets';
import { ticketFiltersSchema } from '@helpdesk/core/queries/ticket-filters';
import { db } from '@/lib/clients';
import { searchParams, v1Route } from '../_lib/v1-route';

export const GET = v1Route('tickets:read', async (req, { auth }) => {
  const { q, ...filters } = searchParams(req);
  if (!q?.trim()) throw new ValidationError('q', 'is required');
  // Strict here (stored views keep the lenient schema): a misspelt filter is a 400, not an unfiltered search.
  const result = await searchTickets(db(), auth.actor.tenantId, q, ticketFiltersSchema.strict().parse(filters));
  return { status: 200, body: { data: result.hits, hasMore: result.hasMore } };
});

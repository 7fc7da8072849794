import { ForbiddenError, hasRole, type Actor, type Role } from '@helpdesk/db';

const AGENT_ROLES: readonly Role[] = ['OWNER', 'ADMIN', 'AGENT'];

export function requireRole(actor: Actor, roles: readonly Role[]): void {
  if (!hasRole(actor, roles)) throw new ForbiddenError();
}

/** Ticket work: agents and above, the system, and API keys (whose scopes the API layer checks). */
export function requireAgent(actor: Actor): void {
  if (actor.type === 'API_KEY' || actor.type === 'SYSTEM') return;
  requireRole(actor, AGENT_ROLES);
}

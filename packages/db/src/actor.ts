import type { Role } from './generated/enums';

/** Who is acting, for tenant scoping, role checks and the audit log. */
export interface Actor {
  type: 'USER' | 'API_KEY' | 'CUSTOMER' | 'SYSTEM';
  /** User id, API key id or customer id; null for the system. */
  id: string | null;
  tenantId: string;
  role?: Role;
  name?: string;
}

const RANK: Record<Role, number> = { BILLING_VIEWER: 0, AGENT: 1, ADMIN: 2, OWNER: 3 };

/** BILLING_VIEWER is not below AGENT in what it may see: it sees billing only, so checks name roles. */
export function hasRole(actor: Actor, allowed: readonly Role[]): boolean {
  return actor.type === 'SYSTEM' || (actor.role !== undefined && allowed.includes(actor.role));
}

export function atLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

import type { Actor } from './actor';
import { ForbiddenError } from './errors';
import type { Role } from './generated/enums';

/**
 * The permission policy: what each role may do, in one table. Pages, server actions, route handlers and domain
 * functions ask for a capability, never for a list of roles, so a new role or a moved right is one edit here.
 * It sits beside Actor in the lowest package because every domain package (jobs and billing included, which sit
 * below core) checks it.
 */
export const CAPABILITIES = [
  /** Read the inbox, tickets, customers and their attachments. */
  'tickets.view',
  'tickets.reply',
  /** Status, priority, assignee, tags, macros and bulk edits; also who can be assigned a ticket. */
  'tickets.update',
  'customers.edit',
  'knowledge.edit',
  /** The AI page: triage corrections, draft approval, retrying AI jobs, the queue status. */
  'ai.review',
  'billing.view',
  /** The leads' reports: volume, response and resolution times, SLA attainment, the AI's quality in practice. */
  'reports.view',
  /** Workspace settings: channels, macros, SLA, shared views, tags, groups, triage, escalation, prices, sign-in rules. */
  'admin.settings',
  'admin.members',
  'admin.apiKeys',
  /** Invite, promote, demote or remove an owner. */
  'admin.owners',
  /** Read and mark read the notifications addressed to the member (which ones, notifications.ts decides by kind). */
  'notifications.view',
] as const;

export type Capability = (typeof CAPABILITIES)[number];

/** Billing viewers see billing only; agents do the support work but neither admin nor billing. */
const ROLE_CAPABILITIES: Record<Role, readonly Capability[]> = {
  OWNER: CAPABILITIES,
  ADMIN: CAPABILITIES.filter((c) => c !== 'admin.owners'),
  AGENT: ['tickets.view', 'tickets.reply', 'tickets.update', 'customers.edit', 'knowledge.edit', 'ai.review', 'notifications.view'],
  BILLING_VIEWER: ['billing.view', 'notifications.view'],
};

/** API keys do ticket work; which of it a key may do is its scopes' business, checked by the API layer. */
const API_KEY_CAPABILITIES: readonly Capability[] = ['tickets.view', 'tickets.reply', 'tickets.update', 'customers.edit'];

export function roleCan(role: Role, capability: Capability): boolean {
  return ROLE_CAPABILITIES[role].includes(capability);
}

/** The roles holding a capability, for queries ("members who can be assigned a ticket"). */
export function rolesWith(capability: Capability): Role[] {
  return (Object.keys(ROLE_CAPABILITIES) as Role[]).filter((role) => roleCan(role, capability));
}

/** Whether an actor (or a signed-in member, who has a role) may do something; the system may do everything. */
export function can(actor: Pick<Actor, 'type' | 'role'> | { role: Role }, capability: Capability): boolean {
  const type = 'type' in actor ? actor.type : 'USER';
  if (type === 'SYSTEM') return true;
  if (type === 'API_KEY') return API_KEY_CAPABILITIES.includes(capability);
  return actor.role !== undefined && roleCan(actor.role, capability);
}

export function requireCapability(actor: Pick<Actor, 'type' | 'role'>, capability: Capability, message?: string): void {
  if (!can(actor, capability)) throw new ForbiddenError(message);
}

/**
 * Platform administration (every tenant's spend, platform prices) is not a role in a tenant but a flag on the user,
 * set by operators; this is the one check of it.
 */
export function isPlatformAdmin(user: { platformAdmin?: boolean | null } | null | undefined): boolean {
  return user?.platformAdmin === true;
}

export function requirePlatformAdmin(
  user: { platformAdmin?: boolean | null } | null | undefined,
  message = 'Only platform administrators can do this',
): void {
  if (!isPlatformAdmin(user)) throw new ForbiddenError(message);
}

/** Ticket work: agents and above, the system, and API keys (whose scopes the API layer checks). */
export function requireAgent(actor: Actor): void {
  requireCapability(actor, 'tickets.update');
}

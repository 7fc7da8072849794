import { ForbiddenError, hasRole, type Actor, type Role } from '@helpdesk/db';

/**
 * The permission policy's entry point for the app and core. The table itself lives in @helpdesk/db (db/src/permissions.ts),
 * beside Actor, because jobs, billing and escalation sit below core and check it too.
 */
export {
  CAPABILITIES,
  can,
  roleCan,
  rolesWith,
  requireCapability,
  requireAgent,
  isPlatformAdmin,
  requirePlatformAdmin,
  type Capability,
} from '@helpdesk/db';

/** @deprecated Ask for a capability with requireCapability; kept until sla.ts (h14b) has moved over. */
export function requireRole(actor: Actor, roles: readonly Role[]): void {
  if (!hasRole(actor, roles)) throw new ForbiddenError();
}

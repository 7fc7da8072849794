import { hasRole, type Actor } from '@helpdesk/db/actor';
import { ForbiddenError } from '@helpdesk/db/errors';
import type { Role } from '@helpdesk/db';

/**
 * The permission policy's entry point for the app and core. The table itself lives in @helpdesk/db (db/src/permissions.ts),
 * beside Actor, because jobs, billing and escalation sit below core and check it too. Imported by file, not from the
 * db package's index, so that client components (the nav, role labels) can use it without bundling the database driver.
 */
export * from '@helpdesk/db/permissions';

/** @deprecated Ask for a capability with requireCapability; kept until sla.ts (h14b) has moved over. */
export function requireRole(actor: Actor, roles: readonly Role[]): void {
  if (!hasRole(actor, roles)) throw new ForbiddenError();
}

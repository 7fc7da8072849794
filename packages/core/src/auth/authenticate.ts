import type { Role, SystemClient } from '@helpdesk/db';
import { verifyPassword } from './password';

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
}

/** Null for an unknown email or a wrong password alike, so sign-in never reveals which accounts exist. */
export async function authenticate(db: SystemClient, email: string, password: string): Promise<AuthenticatedUser | null> {
  const user = await db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, email: true, name: true, passwordHash: true },
  });
  const ok = await verifyPassword(user?.passwordHash, password);
  return ok && user ? { id: user.id, email: user.email, name: user.name } : null;
}

export interface MembershipSummary {
  tenantId: string;
  tenantName: string;
  tenantSlug: string;
  role: Role;
}

/** The workspaces a user belongs to, oldest first; the first is where a fresh sign-in lands. */
export async function listMemberships(db: SystemClient, userId: string): Promise<MembershipSummary[]> {
  const rows = await db.membership.findMany({
    where: { userId },
    orderBy: { createdAt: 'asc' },
    select: { role: true, tenant: { select: { id: true, name: true, slug: true } } },
  });
  return rows.map((m) => ({ tenantId: m.tenant.id, tenantName: m.tenant.name, tenantSlug: m.tenant.slug, role: m.role }));
}

/** A user's membership of one tenant, with what the session shows; null when they are not a member. */
export async function findMembership(db: SystemClient, userId: string, tenantId: string) {
  return db.membership.findUnique({
    where: { tenantId_userId: { tenantId, userId } },
    select: {
      role: true,
      tenant: { select: { id: true, name: true, requireTwoFactorForAdmins: true } },
      user: { select: { id: true, name: true, email: true, totpEnabledAt: true, platformAdmin: true } },
    },
  });
}

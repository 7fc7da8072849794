import { cache } from 'react';
import { cookies } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { getServerSession } from 'next-auth';
import { decode } from 'next-auth/jwt';
import { findMembership, listMemberships } from '@helpdesk/core/auth';
import { roleCan, type Capability } from '@helpdesk/core/permissions';
import type { Actor, Role } from '@helpdesk/db';
import { authOptions } from './auth-options';
import { systemDb } from './clients';

export interface Member {
  userId: string;
  tenantId: string;
  tenantName: string;
  role: Role;
  name: string;
  email: string;
  /** The tenant requires 2FA of owners and admins, this member is one, and has not turned it on. */
  twoFactorMissing: boolean;
  /** Operators' flag for every tenant's spend and platform prices (see isPlatformAdmin). */
  platformAdmin: boolean;
}

/**
 * The signed-in member of the active tenant, re-read from the database on every request so that a
 * changed role or a removal takes effect at once. Null when signed out or a member of nothing.
 */
export const currentMember = cache(async (): Promise<Member | null> => {
  const session = await getServerSession(authOptions());
  if (!session?.userId) return null;
  let tenantId = session.tenantId;
  let membership = tenantId ? await findMembership(systemDb(), session.userId, tenantId) : null;
  if (!membership) {
    // Removed from the active tenant: fall back to another workspace the user still belongs to.
    tenantId = (await listMemberships(systemDb(), session.userId))[0]?.tenantId ?? null;
    membership = tenantId ? await findMembership(systemDb(), session.userId, tenantId) : null;
  }
  if (!membership) return null;
  return {
    userId: membership.user.id,
    tenantId: membership.tenant.id,
    tenantName: membership.tenant.name,
    role: membership.role,
    name: membership.user.name,
    email: membership.user.email,
    twoFactorMissing:
      membership.tenant.requireTwoFactorForAdmins && roleCan(membership.role, 'admin.settings') && !membership.user.totpEnabledAt,
    platformAdmin: membership.user.platformAdmin,
  };
});

/** For account pages that need a signed-in person but no particular workspace (so 2FA set-up is reachable). */
export async function requireUser(returnTo: string): Promise<{ userId: string }> {
  const session = await getServerSession(authOptions());
  if (!session?.userId) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return { userId: session.userId };
}

/** The database session id of this request's cookie (to keep it when ending the others); undefined when signed out. */
export async function currentSessionId(): Promise<string | undefined> {
  const jar = await cookies();
  const raw = jar.get('__Secure-next-auth.session-token')?.value ?? jar.get('next-auth.session-token')?.value;
  if (!raw || !process.env.NEXTAUTH_SECRET) return undefined;
  const token = await decode({ token: raw, secret: process.env.NEXTAUTH_SECRET }).catch(() => null);
  return token?.sid;
}

/**
 * For pages and server actions: sends signed-out users to /signin, and owners/admins of a tenant that requires 2FA
 * but who have not turned it on to the security page; a member whose role lacks the capability sees a 404.
 */
export async function requireMember(capability?: Capability): Promise<Member> {
  const member = await currentMember();
  if (!member) redirect('/signin');
  if (member.twoFactorMissing) redirect('/account/security?required=1');
  if (capability && !roleCan(member.role, capability)) notFound();
  return member;
}

export function memberActor(member: Member): Actor {
  return { type: 'USER', id: member.userId, tenantId: member.tenantId, role: member.role, name: member.name };
}

/** Where a role lands after sign-in: billing viewers see nothing but billing. */
export function homePath(role: Role): string {
  return roleCan(role, 'tickets.view') ? '/inbox' : '/billing';
}

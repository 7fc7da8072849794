import { cache } from 'react';
import { notFound, redirect } from 'next/navigation';
import { getServerSession } from 'next-auth';
import { findMembership, listMemberships } from '@helpdesk/core/auth/index';
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
  };
});

/** For pages and server actions: sends signed-out users to /signin; a role not allowed sees a 404. */
export async function requireMember(roles?: readonly Role[]): Promise<Member> {
  const member = await currentMember();
  if (!member) redirect('/signin');
  if (roles && !roles.includes(member.role)) notFound();
  return member;
}

export function memberActor(member: Member): Actor {
  return { type: 'USER', id: member.userId, tenantId: member.tenantId, role: member.role, name: member.name };
}

/** Where a role lands after sign-in: billing viewers see nothing but billing. */
export function homePath(role: Role): string {
  return role === 'BILLING_VIEWER' ? '/billing' : '/inbox';
}

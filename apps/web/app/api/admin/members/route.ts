import { NextResponse } from 'next/server';
import { createInvitation, listMembers } from '@helpdesk/core/auth';
import { apiRoute } from '@/lib/api';
import { db } from '@/lib/clients';

export const GET = apiRoute(
  async (_req, { actor }) => {
    const { members, invitations } = await listMembers(db(), actor);
    return NextResponse.json({
      members: members.map((m) => ({
        id: m.id,
        role: m.role,
        userId: m.user.id,
        name: m.user.name,
        email: m.user.email,
        createdAt: m.createdAt,
      })),
      invitations,
    });
  },
  { can: 'admin.members' },
);

/** Returns the invitation token once, like the members page does. */
export const POST = apiRoute(
  async (req, { actor }) => {
    const invitation = await createInvitation(db(), actor, await req.json());
    return NextResponse.json({ invitation }, { status: 201 });
  },
  { can: 'admin.members' },
);

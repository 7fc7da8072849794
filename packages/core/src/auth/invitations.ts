import { createHash, randomBytes } from 'node:crypto';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
  parseInput,
  can,
  Role,
  isUniqueViolation,
  type Actor,
  type Db,
  type SystemClient,
} from '@helpdesk/db';
import { z } from 'zod';
import { writeAudit } from '../audit';
import { emailField, nameField, newPasswordField, passwordField, refuseRelatedPassword } from './input';
import { hashPassword, verifyPassword } from './password';

const INVITATION_DAYS = 7;

export const invitationSchema = z.object({
  email: emailField,
  role: z.enum(Role, { error: 'Choose a role' }),
});

export const acceptInvitationSchema = z.object({
  token: z.string({ error: 'The invitation link is incomplete' }).min(20, { error: 'The invitation link is incomplete' }),
  name: nameField,
  password: passwordField,
});

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Returns the raw token once; only its hash is stored, so a lost link means a new invitation. */
export async function createInvitation(db: Db, actor: Actor, input: z.input<typeof invitationSchema>) {
  if (!can(actor, 'admin.members') || !actor.id) throw new ForbiddenError('Only owners and admins can invite members');
  const data = parseInput(invitationSchema, input);
  if (data.role === 'OWNER' && !can(actor, 'admin.owners')) throw new ForbiddenError('Only owners can invite owners');
  const existing = await db.membership.findFirst({
    where: { tenantId: actor.tenantId, user: { email: data.email } },
    select: { id: true },
  });
  if (existing) throw new ConflictError('This person is already a member', 'email');
  const token = randomBytes(32).toString('base64url');
  const invitation = await db.$transaction(async (tx) => {
    const created = await tx.invitation.create({
      data: {
        tenantId: actor.tenantId,
        email: data.email,
        role: data.role,
        tokenHash: hashToken(token),
        invitedById: actor.id as string,
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
      },
      select: { id: true, email: true, role: true, expiresAt: true },
    });
    await writeAudit(tx, actor, {
      entityType: 'Invitation',
      entityId: created.id,
      action: 'member.invited',
      changes: { email: data.email, role: data.role },
    });
    return created;
  });
  return { ...invitation, token };
}

async function findOpenInvitation(db: SystemClient, token: string) {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, tenantId: true, email: true, role: true, expiresAt: true, acceptedAt: true, tenant: { select: { name: true } } },
  });
  if (!invitation || invitation.acceptedAt || invitation.expiresAt < new Date()) return null;
  return invitation;
}

/**
 * What the invitation page shows before accepting; null when used, expired or unknown. It does not say whether the
 * email already has an account: whoever holds the link (often the admin who made it) would learn that otherwise.
 */
export async function getInvitation(db: SystemClient, token: string) {
  const invitation = await findOpenInvitation(db, token);
  if (!invitation) return null;
  return { email: invitation.email, role: invitation.role, tenantName: invitation.tenant.name };
}

/**
 * Token lookup crosses tenants, so this takes the system client. An existing user proves who they are
 * with their current password; a new user is created with the given one.
 */
export async function acceptInvitation(db: SystemClient, input: z.input<typeof acceptInvitationSchema>) {
  const data = parseInput(acceptInvitationSchema, input);
  const invitation = await findOpenInvitation(db, data.token);
  if (!invitation) throw new NotFoundError('Invitation');
  const existing = await db.user.findUnique({ where: { email: invitation.email }, select: { id: true, passwordHash: true } });
  if (existing && !(await verifyPassword(existing.passwordHash, data.password))) {
    throw new ValidationError('password', 'This password is not right for this email. If you already have an account, enter its password');
  }
  // A new account chooses its password here, so it must be a strong one.
  if (!existing) {
    const fresh = z
      .object({ password: newPasswordField })
      .superRefine((d, ctx) => refuseRelatedPassword(d.password, [invitation.email, data.name], ctx));
    parseInput(fresh, { password: data.password });
  }
  const passwordHash = existing ? null : await hashPassword(data.password);
  try {
    return await db.$transaction(async (tx) => {
      // Claiming the invitation first makes a second, concurrent accept fail instead of adding twice.
      const claimed = await tx.invitation.updateMany({
        where: { id: invitation.id, tenantId: invitation.tenantId, acceptedAt: null },
        data: { acceptedAt: new Date() },
      });
      if (claimed.count !== 1) throw new NotFoundError('Invitation');
      const user =
        existing ?? (await tx.user.create({ data: { email: invitation.email, name: data.name, passwordHash }, select: { id: true } }));
      await tx.membership.create({ data: { tenantId: invitation.tenantId, userId: user.id, role: invitation.role } });
      await tx.auditLog.create({
        data: {
          tenantId: invitation.tenantId,
          actorType: 'USER',
          actorId: user.id,
          entityType: 'Invitation',
          entityId: invitation.id,
          action: 'member.joined',
          changes: { role: invitation.role },
        },
      });
      return { userId: user.id, tenantId: invitation.tenantId, email: invitation.email, role: invitation.role };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new ConflictError('You are already a member of this workspace', 'token');
    }
    throw error;
  }
}

import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type Actor } from '@helpdesk/db';
import {
  acceptInvitation,
  authenticate,
  changeRole,
  createInvitation,
  getInvitation,
  hashToken,
  listMembers,
  listMemberships,
  removeMember,
  signUp,
} from '../src/auth/index';
import { useTestDatabase } from '@helpdesk/testkit/hooks';

const fx = useTestDatabase({ prefix: 'hd_auth', pool: 4 });

const PASSWORD = 'correct-horse-battery';

async function counts() {
  const [tenants, users, memberships, slas, policies] = await Promise.all([
    fx.systemDb.tenant.count(),
    fx.systemDb.user.count(),
    fx.systemDb.membership.count(),
    fx.systemDb.slaPolicy.count(),
    fx.systemDb.escalationPolicy.count(),
  ]);
  return { tenants, users, memberships, slas, policies };
}

async function ownerOf(name: string, email: string) {
  const { tenant, user } = await signUp(fx.db, { tenantName: name, name: 'Owner', email, password: PASSWORD });
  const actor: Actor = { type: 'USER', id: user.id, tenantId: tenant.id, role: 'OWNER' };
  return { tenant, user, actor };
}

async function invite(actor: Actor, email: string, role: 'OWNER' | 'ADMIN' | 'AGENT' | 'BILLING_VIEWER') {
  const { token } = await createInvitation(fx.db, actor, { email, role });
  return acceptInvitation(fx.systemDb, { token, name: email.split('@')[0] ?? 'x', password: PASSWORD });
}

describe('signUp', () => {
  it('creates the tenant, owner, default SLAs and escalation policy together', async () => {
    const { tenant, user } = await signUp(fx.db, {
      tenantName: '  Globex Support ',
      name: 'Hank',
      email: ' Hank@Globex.TEST ',
      password: PASSWORD,
    });
    expect(tenant.name).toBe('Globex Support');
    expect(tenant.slug).toBe('globex-support');
    expect(tenant.inboundAlias).toBe(tenant.slug);
    expect(tenant.inboundSecret).toMatch(/^[0-9a-f]{48}$/);
    expect(user.email).toBe('hank@globex.test');
    const membership = await fx.systemDb.membership.findUniqueOrThrow({
      where: { tenantId_userId: { tenantId: tenant.id, userId: user.id } },
    });
    expect(membership.role).toBe('OWNER');
    const slas = await fx.db.slaPolicy.findMany({ where: { tenantId: tenant.id }, orderBy: { firstResponseMinutes: 'asc' } });
    expect(slas.map((s) => s.priority)).toEqual(['URGENT', 'HIGH', 'NORMAL', 'LOW']);
    expect(await fx.db.escalationPolicy.findFirst({ where: { tenantId: tenant.id } })).not.toBeNull();
    const stored = await fx.systemDb.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await authenticate(fx.systemDb, 'HANK@globex.test', PASSWORD)).toMatchObject({ id: user.id });
    expect(await authenticate(fx.systemDb, 'hank@globex.test', 'wrong-password-123')).toBeNull();
    expect(await authenticate(fx.systemDb, 'nobody@globex.test', PASSWORD)).toBeNull();
  });

  it('gives a second tenant with the same name a different slug', async () => {
    const a = await signUp(fx.db, { tenantName: 'Same Name', name: 'A', email: 'a@same.test', password: PASSWORD });
    const b = await signUp(fx.db, { tenantName: 'Same Name', name: 'B', email: 'b@same.test', password: PASSWORD });
    expect(a.tenant.slug).toBe('same-name');
    expect(b.tenant.slug).toMatch(/^same-name-[0-9a-f]{6}$/);
  });

  it.each([
    [{ tenantName: 'X', name: 'N', email: 'x1@bad.test', password: PASSWORD }, 'tenantName'],
    [{ tenantName: 'Valid Co', name: '   ', email: 'x2@bad.test', password: PASSWORD }, 'name'],
    [{ tenantName: 'Valid Co', name: 'N', email: 'not-an-email', password: PASSWORD }, 'email'],
    [{ tenantName: 'Valid Co', name: 'N', email: 'x3@bad.test', password: 'short' }, 'password'],
  ])('refuses bad input naming the field and creates nothing (%#)', async (input, field) => {
    const before = await counts();
    const error = await signUp(fx.db, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
    expect(await counts()).toEqual(before);
  });

  it('refuses a duplicate email as a field error, creating nothing', async () => {
    await signUp(fx.db, { tenantName: 'First Co', name: 'F', email: 'dup@dup.test', password: PASSWORD });
    const before = await counts();
    const error = await signUp(fx.db, { tenantName: 'Second Co', name: 'S', email: 'DUP@dup.test', password: PASSWORD }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).field).toBe('email');
    expect(await counts()).toEqual(before);
    expect(await fx.systemDb.tenant.findFirst({ where: { name: 'Second Co' } })).toBeNull();
  });

  it('lets exactly one of two concurrent sign-ups with one email through', async () => {
    const results = await Promise.allSettled(
      ['Race A', 'Race B', 'Race C'].map((tenantName) =>
        signUp(fx.db, { tenantName, name: 'R', email: 'race@race.test', password: PASSWORD }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as ConflictError).field).toBe('email');
    expect(await fx.systemDb.tenant.count({ where: { name: { startsWith: 'Race ' } } })).toBe(1);
  });
});

describe('invitations', () => {
  it('stores only the token hash, and the invitee joins with the invited role', async () => {
    const { tenant, actor } = await ownerOf('Invite Co', 'owner@invite.test');
    const invitation = await createInvitation(fx.db, actor, { email: 'New.Agent@invite.test', role: 'AGENT' });
    const row = await fx.db.invitation.findFirstOrThrow({ where: { id: invitation.id, tenantId: tenant.id } });
    expect(row.tokenHash).toBe(hashToken(invitation.token));
    expect(row.tokenHash).not.toContain(invitation.token);
    expect(await getInvitation(fx.systemDb, invitation.token)).toEqual({
      email: 'new.agent@invite.test',
      role: 'AGENT',
      tenantName: 'Invite Co',
    });

    const accepted = await acceptInvitation(fx.systemDb, { token: invitation.token, name: 'Nina', password: PASSWORD });
    expect(accepted).toMatchObject({ tenantId: tenant.id, email: 'new.agent@invite.test', role: 'AGENT' });
    expect(await listMemberships(fx.systemDb, accepted.userId)).toEqual([
      { tenantId: tenant.id, tenantName: 'Invite Co', tenantSlug: tenant.slug, role: 'AGENT' },
    ]);
    expect(await authenticate(fx.systemDb, 'new.agent@invite.test', PASSWORD)).toMatchObject({ name: 'Nina' });

    // Used once: a second accept and a later lookup both fail.
    expect(await getInvitation(fx.systemDb, invitation.token)).toBeNull();
    await expect(acceptInvitation(fx.systemDb, { token: invitation.token, name: 'Again', password: PASSWORD })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('adds an existing user to a second tenant only with their current password', async () => {
    const first = await ownerOf('Multi One', 'owner@multi1.test');
    const second = await ownerOf('Multi Two', 'owner@multi2.test');
    const { token } = await createInvitation(fx.db, second.actor, { email: 'owner@multi1.test', role: 'ADMIN' });
    // The page shows the same for an existing account as for a new one (no enumeration).
    expect(await getInvitation(fx.systemDb, token)).not.toHaveProperty('existingUser');
    const wrong = await acceptInvitation(fx.systemDb, { token, name: 'Owner', password: 'not-my-password' }).catch((e: unknown) => e);
    expect((wrong as ValidationError).field).toBe('password');
    expect(await listMemberships(fx.systemDb, first.user.id)).toHaveLength(1);
    await acceptInvitation(fx.systemDb, { token, name: 'Owner', password: PASSWORD });
    expect((await listMemberships(fx.systemDb, first.user.id)).map((m) => [m.tenantName, m.role])).toEqual([
      ['Multi One', 'OWNER'],
      ['Multi Two', 'ADMIN'],
    ]);
  });

  it('refuses expired invitations', async () => {
    const { tenant, actor } = await ownerOf('Expiry Co', 'owner@expiry.test');
    const { id, token } = await createInvitation(fx.db, actor, { email: 'late@expiry.test', role: 'AGENT' });
    await fx.db.invitation.update({ where: { id, tenantId: tenant.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(acceptInvitation(fx.systemDb, { token, name: 'Late', password: PASSWORD })).rejects.toBeInstanceOf(NotFoundError);
    expect(await fx.systemDb.user.findUnique({ where: { email: 'late@expiry.test' } })).toBeNull();
  });

  it('lets only owners and admins invite, and only owners invite owners', async () => {
    const { actor } = await ownerOf('Perm Co', 'owner@perm.test');
    const agent = await invite(actor, 'agent@perm.test', 'AGENT');
    const admin = await invite(actor, 'admin@perm.test', 'ADMIN');
    const agentActor: Actor = { type: 'USER', id: agent.userId, tenantId: actor.tenantId, role: 'AGENT' };
    const adminActor: Actor = { type: 'USER', id: admin.userId, tenantId: actor.tenantId, role: 'ADMIN' };
    await expect(createInvitation(fx.db, agentActor, { email: 'x@perm.test', role: 'AGENT' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createInvitation(fx.db, adminActor, { email: 'x@perm.test', role: 'OWNER' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createInvitation(fx.db, adminActor, { email: 'agent@perm.test', role: 'AGENT' })).rejects.toMatchObject({
      field: 'email',
    });
    await expect(createInvitation(fx.db, adminActor, { email: 'nope', role: 'AGENT' })).rejects.toMatchObject({ field: 'email' });
    await expect(createInvitation(fx.db, adminActor, { email: 'y@perm.test', role: 'GOD' as never })).rejects.toMatchObject({
      field: 'role',
    });
    await expect(listMembers(fx.db, agentActor)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('members', () => {
  it('never leaves a tenant without an owner', async () => {
    const { tenant, user, actor } = await ownerOf('Owners Co', 'owner@owners.test');
    const own = await fx.db.membership.findFirstOrThrow({ where: { tenantId: tenant.id, userId: user.id } });
    await expect(changeRole(fx.db, actor, { membershipId: own.id, role: 'ADMIN' })).rejects.toMatchObject({ status: 409, field: 'role' });
    await expect(removeMember(fx.db, actor, own.id)).rejects.toBeInstanceOf(ConflictError);
    expect((await fx.db.membership.findFirstOrThrow({ where: { id: own.id, tenantId: tenant.id } })).role).toBe('OWNER');

    const second = await invite(actor, 'second@owners.test', 'OWNER');
    await changeRole(fx.db, actor, { membershipId: own.id, role: 'ADMIN' });
    const secondMembership = await fx.db.membership.findFirstOrThrow({ where: { tenantId: tenant.id, userId: second.userId } });
    const secondActor: Actor = { type: 'USER', id: second.userId, tenantId: tenant.id, role: 'OWNER' };
    await expect(removeMember(fx.db, secondActor, secondMembership.id)).rejects.toBeInstanceOf(ConflictError);
    const audit = await fx.db.auditLog.findMany({ where: { tenantId: tenant.id, action: 'member.role_changed' } });
    expect(audit).toHaveLength(1);
  });

  it('keeps one owner when both owners are demoted at once', async () => {
    const { tenant, user, actor } = await ownerOf('Race Owners', 'owner@raceowners.test');
    const other = await invite(actor, 'other@raceowners.test', 'OWNER');
    const rows = await fx.db.membership.findMany({ where: { tenantId: tenant.id, userId: { in: [user.id, other.userId] } } });
    const results = await Promise.allSettled(rows.map((m) => changeRole(fx.db, actor, { membershipId: m.id, role: 'AGENT' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await fx.db.membership.count({ where: { tenantId: tenant.id, role: 'OWNER' } })).toBe(1);
  });

  it('does not let admins touch owners, and hides other tenants’ members', async () => {
    const a = await ownerOf('Tenant A', 'owner@a.test');
    const b = await ownerOf('Tenant B', 'owner@b.test');
    const admin = await invite(a.actor, 'admin@a.test', 'ADMIN');
    const adminActor: Actor = { type: 'USER', id: admin.userId, tenantId: a.tenant.id, role: 'ADMIN' };
    const ownerMembership = await fx.db.membership.findFirstOrThrow({ where: { tenantId: a.tenant.id, userId: a.user.id } });
    await expect(removeMember(fx.db, adminActor, ownerMembership.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(changeRole(fx.db, adminActor, { membershipId: ownerMembership.id, role: 'AGENT' })).rejects.toBeInstanceOf(ForbiddenError);

    const bOwner = await fx.db.membership.findFirstOrThrow({ where: { tenantId: b.tenant.id, userId: b.user.id } });
    await expect(removeMember(fx.db, a.actor, bOwner.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(changeRole(fx.db, a.actor, { membershipId: bOwner.id, role: 'AGENT' })).rejects.toBeInstanceOf(NotFoundError);
    const { members } = await listMembers(fx.db, a.actor);
    expect(members.map((m) => m.user.email).sort()).toEqual(['admin@a.test', 'owner@a.test']);

    const agent = await invite(a.actor, 'agent@a.test', 'AGENT');
    const agentMembership = await fx.db.membership.findFirstOrThrow({ where: { tenantId: a.tenant.id, userId: agent.userId } });
    await removeMember(fx.db, adminActor, agentMembership.id);
    expect(await listMemberships(fx.systemDb, agent.userId)).toEqual([]);
  });
});

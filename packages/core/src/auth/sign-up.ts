import { randomBytes } from 'node:crypto';
import { ConflictError, parseInput, isUniqueViolation, type Db, type Tx } from '@helpdesk/db';
import { z } from 'zod';
import { writeAudit } from '../audit';
import { emailField, nameField, newPasswordField, refuseRelatedPassword } from './input';
import { hashPassword } from './password';

export const signUpSchema = z
  .object({
    tenantName: z
      .string({ error: 'Enter a workspace name' })
      .trim()
      .min(2, { error: 'Use at least 2 characters' })
      .max(80, { error: 'Use at most 80 characters' }),
    name: nameField,
    email: emailField,
    password: newPasswordField,
  })
  .superRefine((d, ctx) => refuseRelatedPassword(d.password, [d.email, d.name, d.tenantName], ctx));

export type SignUpInput = z.input<typeof signUpSchema>;

// Minutes to first response and to resolution, per priority; tenants edit them later.
const DEFAULT_SLAS = [
  { priority: 'URGENT', firstResponseMinutes: 30, resolutionMinutes: 240 },
  { priority: 'HIGH', firstResponseMinutes: 120, resolutionMinutes: 1440 },
  { priority: 'NORMAL', firstResponseMinutes: 480, resolutionMinutes: 2880 },
  { priority: 'LOW', firstResponseMinutes: 1440, resolutionMinutes: 4320 },
] as const;

function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return base.length >= 2 ? base : 'team';
}

async function uniqueSlug(tx: Tx, name: string): Promise<string> {
  const base = slugify(name);
  for (let candidate = base; ; candidate = `${base}-${randomBytes(3).toString('hex')}`) {
    const taken = await tx.tenant.findFirst({
      where: { OR: [{ slug: candidate }, { inboundAlias: candidate }] },
      select: { id: true },
    });
    if (!taken) return candidate;
  }
}

export const ACCOUNT_EXISTS = 'An account with this email already exists; sign in instead';

export interface WorkspaceData {
  tenantName: string;
  name: string;
  email: string;
  passwordHash: string;
}

/** The workspace, its first owner and default policies, inside the caller's transaction. */
export async function createWorkspaceTx(tx: Tx, data: WorkspaceData) {
  if (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } })) throw new ConflictError(ACCOUNT_EXISTS, 'email');
  const user = await tx.user.create({ data: { email: data.email, name: data.name, passwordHash: data.passwordHash } });
  const tenant = await createTenantTx(tx, data.tenantName, user.id);
  return { tenant, user: { id: user.id, email: user.email, name: user.name } };
}

/** A workspace owned by an existing user, with the default policies every new workspace starts with. */
export async function createTenantTx(tx: Tx, tenantName: string, ownerId: string) {
  const slug = await uniqueSlug(tx, tenantName);
  const tenant = await tx.tenant.create({
    data: { name: tenantName, slug, inboundAlias: slug, inboundSecret: randomBytes(24).toString('hex') },
  });
  await tx.membership.create({ data: { tenantId: tenant.id, userId: ownerId, role: 'OWNER' } });
  await tx.slaPolicy.createMany({ data: DEFAULT_SLAS.map((sla) => ({ ...sla, tenantId: tenant.id })) });
  // The privacy promise: nothing leaves the machine until an admin opts in on the AI escalation page.
  await tx.escalationPolicy.create({ data: { tenantId: tenant.id, localOnly: true } });
  const owner = { type: 'USER' as const, id: ownerId, tenantId: tenant.id };
  await writeAudit(tx, owner, { entityType: 'Tenant', entityId: tenant.id, action: 'tenant.created' });
  return tenant;
}

/**
 * Creates a workspace with its first owner and default policies, all or nothing, without confirming the email.
 * For seeds and tests; people sign up through requestSignUp/confirmSignUp, which never reveal existing accounts.
 */
export async function signUp(db: Db, input: SignUpInput) {
  const data = parseInput(signUpSchema, input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.$transaction((tx) => createWorkspaceTx(tx, { ...data, passwordHash }));
  } catch (error) {
    // Two sign-ups racing for one email: the unique index decides, and the loser gets the same field error.
    if (isUniqueViolation(error)) throw new ConflictError(ACCOUNT_EXISTS, 'email');
    throw error;
  }
}

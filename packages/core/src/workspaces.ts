import { z } from 'zod';
import { NotFoundError, ValidationError, type Db } from '@helpdesk/db';
import { createTenantTx } from './auth/sign-up';

export const newWorkspaceSchema = z.object({
  tenantName: z
    .string({ error: 'Enter a workspace name' })
    .trim()
    .min(2, { error: 'Use at least 2 characters' })
    .max(80, { error: 'Use at most 80 characters' }),
});

/**
 * A signed-in user opens another workspace and becomes its owner. It starts like a signed-up one: default SLAs and
 * a local-only AI policy, so nothing of it reaches a cloud model until one of its admins opts in.
 */
export async function createAnotherWorkspace(
  db: Db,
  userId: string,
  input: z.input<typeof newWorkspaceSchema>,
): Promise<{ id: string; name: string; slug: string }> {
  const parsed = newWorkspaceSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('tenantName', parsed.error.issues[0]?.message ?? 'is invalid');
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) throw new NotFoundError('User');
  const tenant = await db.$transaction((tx) => createTenantTx(tx, parsed.data.tenantName, user.id));
  return { id: tenant.id, name: tenant.name, slug: tenant.slug };
}

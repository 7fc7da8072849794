'use server';

import { createAnotherWorkspace, newWorkspaceSchema } from '@helpdesk/core/workspaces';
import { userAction } from '@/lib/action';
import { db } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

/** Opens another workspace owned by the signed-in person; the form then switches the session to it. */
export async function createWorkspaceAction(_prev: FormState, form: FormData): Promise<FormState & { tenantId?: string }> {
  return userAction('/account/workspaces', { input: newWorkspaceSchema }, form, async (data, { userId }) => {
    const tenant = await createAnotherWorkspace(db(), userId, data);
    return { tenantId: tenant.id };
  });
}

'use server';

import { acceptInvitation, acceptInvitationSchema } from '@helpdesk/core/auth';
import { publicAction } from '@/lib/action';
import { systemDb } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

export async function acceptInvitationAction(form: FormData): Promise<FormState & { email?: string; tenantId?: string }> {
  const input = {
    token: String(form.get('token') ?? ''),
    name: String(form.get('name') ?? ''),
    password: String(form.get('password') ?? ''),
  };
  return publicAction({ input: acceptInvitationSchema }, input, async (data) => {
    const { email, tenantId } = await acceptInvitation(systemDb(), data);
    return { email, tenantId };
  });
}

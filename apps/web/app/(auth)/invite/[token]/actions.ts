'use server';

import { acceptInvitation, acceptInvitationSchema } from '@helpdesk/core/auth/index';
import { systemDb } from '@/lib/clients';
import { failure, invalid, type FormState } from '@/lib/form-state';

export async function acceptInvitationAction(form: FormData): Promise<FormState & { email?: string; tenantId?: string }> {
  const parsed = acceptInvitationSchema.safeParse({
    token: String(form.get('token') ?? ''),
    name: String(form.get('name') ?? ''),
    password: String(form.get('password') ?? ''),
  });
  if (!parsed.success) return invalid(parsed.error);
  try {
    const accepted = await acceptInvitation(systemDb(), parsed.data);
    return { ok: true, email: accepted.email, tenantId: accepted.tenantId };
  } catch (error) {
    return failure(error);
  }
}

'use server';

import { revalidatePath } from 'next/cache';
import { getChannelSettings, rotateInboundSecret } from '@helpdesk/core/channel-settings';
import { db } from '@/lib/clients';
import { failure, type FormState } from '@/lib/form-state';
import { memberActor, requireMember } from '@/lib/session';

const ADMINS = ['OWNER', 'ADMIN'] as const;

export type SecretState = FormState & { secret?: string };

/** The secret is fetched only when an admin asks to see it, so it is not in the page's HTML. */
export async function revealInboundSecretAction(): Promise<SecretState> {
  const member = await requireMember(ADMINS);
  try {
    return { ok: true, secret: (await getChannelSettings(db(), memberActor(member))).inboundSecret };
  } catch (error) {
    return failure(error);
  }
}

export async function rotateInboundSecretAction(): Promise<SecretState> {
  const member = await requireMember(ADMINS);
  try {
    const settings = await rotateInboundSecret(db(), memberActor(member));
    revalidatePath('/admin/channels');
    return { ok: true, secret: settings.inboundSecret };
  } catch (error) {
    return failure(error);
  }
}

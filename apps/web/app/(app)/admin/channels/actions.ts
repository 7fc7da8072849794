'use server';

import { getChannelSettings, rotateInboundSecret } from '@helpdesk/core/channel-settings';
import { memberAction } from '@/lib/action';
import { db } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

export type SecretState = FormState & { secret?: string };

/** The secret is fetched only when an admin asks to see it, so it is not in the page's HTML. */
export async function revealInboundSecretAction(): Promise<SecretState> {
  return memberAction('admin.settings', {}, undefined, async (_data, { actor }) => ({
    secret: (await getChannelSettings(db(), actor)).inboundSecret,
  }));
}

export async function rotateInboundSecretAction(): Promise<SecretState> {
  return memberAction('admin.settings', { revalidate: '/admin/channels' }, undefined, async (_data, { actor }) => ({
    secret: (await rotateInboundSecret(db(), actor)).inboundSecret,
  }));
}

'use server';

import { z } from 'zod';
import { loadConfig } from '@helpdesk/config';
import {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  disableTwoFactor,
  endUserSessions,
  regenerateRecoveryCodes,
  setTwoFactorRequirement,
} from '@helpdesk/core/auth';
import { userAction } from '@/lib/action';
import { db, systemDb } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';
import { currentMember, currentSessionId, memberActor } from '@/lib/session';

const PAGE = '/account/security';
const keys = () => ({ appSecret: loadConfig().NEXTAUTH_SECRET });

export type EnrolState = FormState & { secret?: string; qrSvg?: string; recoveryCodes?: string[] };

// The domain checks codes and passwords itself (and counts failed attempts), so these only read the fields.
const code = z.object({ code: z.string().default('') });
const password = z.object({ password: z.string().default('') });

export async function beginEnrolmentAction(): Promise<EnrolState> {
  return userAction(PAGE, {}, undefined, async (_data, { userId }) => {
    const { secret, qrSvg } = await beginTotpEnrolment(systemDb(), userId, keys());
    return { secret, qrSvg };
  });
}

export async function confirmEnrolmentAction(form: FormData): Promise<EnrolState> {
  return userAction(PAGE, { input: code, revalidate: PAGE }, form, async (data, { userId }) => {
    const { recoveryCodes } = await confirmTotpEnrolment(systemDb(), userId, data.code, keys());
    // Other browsers signed in with the password alone are signed out; this one stays.
    await endUserSessions(systemDb(), userId, await currentSessionId());
    return { recoveryCodes };
  });
}

export async function regenerateCodesAction(form: FormData): Promise<EnrolState> {
  return userAction(PAGE, { input: password, revalidate: PAGE }, form, async (data, { userId }) => {
    const { recoveryCodes } = await regenerateRecoveryCodes(systemDb(), userId, data.password);
    return { recoveryCodes };
  });
}

export async function disableTwoFactorAction(form: FormData): Promise<FormState> {
  return userAction(PAGE, { input: password, revalidate: PAGE }, form, async (data, { userId }) => {
    await disableTwoFactor(systemDb(), userId, data.password, await currentSessionId());
    return {};
  });
}

export async function endOtherSessionsAction(): Promise<FormState & { ended?: number }> {
  return userAction(PAGE, { revalidate: PAGE }, undefined, async (_data, { userId }) => {
    const sid = await currentSessionId();
    if (!sid) return { ok: false, message: 'Sign in again first.' };
    return { ended: await endUserSessions(systemDb(), userId, sid) };
  });
}

const requirement = z.object({ required: z.string().optional() });

export async function setRequirementAction(form: FormData): Promise<FormState> {
  return userAction(PAGE, { input: requirement, revalidate: PAGE }, form, async (data) => {
    const member = await currentMember();
    if (!member) return { ok: false, message: 'You are not a member of a workspace.' };
    await setTwoFactorRequirement(db(), systemDb(), memberActor(member), data.required === 'on');
    return {};
  });
}

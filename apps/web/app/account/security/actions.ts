'use server';

import { revalidatePath } from 'next/cache';
import { loadConfig } from '@helpdesk/config';
import {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  disableTwoFactor,
  endUserSessions,
  regenerateRecoveryCodes,
  setTwoFactorRequirement,
} from '@helpdesk/core/auth/index';
import { db, systemDb } from '@/lib/clients';
import { failure, type FormState } from '@/lib/form-state';
import { currentMember, currentSessionId, memberActor, requireUser } from '@/lib/session';

const PAGE = '/account/security';
const keys = () => ({ appSecret: loadConfig().NEXTAUTH_SECRET });

export type EnrolState = FormState & { secret?: string; qrSvg?: string; recoveryCodes?: string[] };

export async function beginEnrolmentAction(): Promise<EnrolState> {
  const { userId } = await requireUser(PAGE);
  try {
    const { secret, qrSvg } = await beginTotpEnrolment(systemDb(), userId, keys());
    return { ok: true, secret, qrSvg };
  } catch (error) {
    return failure(error);
  }
}

export async function confirmEnrolmentAction(form: FormData): Promise<EnrolState> {
  const { userId } = await requireUser(PAGE);
  try {
    const { recoveryCodes } = await confirmTotpEnrolment(systemDb(), userId, String(form.get('code') ?? ''), keys());
    // Other browsers signed in with the password alone are signed out; this one stays.
    await endUserSessions(systemDb(), userId, await currentSessionId());
    revalidatePath(PAGE);
    return { ok: true, recoveryCodes };
  } catch (error) {
    return failure(error);
  }
}

export async function regenerateCodesAction(form: FormData): Promise<EnrolState> {
  const { userId } = await requireUser(PAGE);
  try {
    const { recoveryCodes } = await regenerateRecoveryCodes(systemDb(), userId, String(form.get('password') ?? ''));
    revalidatePath(PAGE);
    return { ok: true, recoveryCodes };
  } catch (error) {
    return failure(error);
  }
}

export async function disableTwoFactorAction(form: FormData): Promise<FormState> {
  const { userId } = await requireUser(PAGE);
  try {
    await disableTwoFactor(systemDb(), userId, String(form.get('password') ?? ''), await currentSessionId());
    revalidatePath(PAGE);
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

export async function endOtherSessionsAction(): Promise<FormState & { ended?: number }> {
  const { userId } = await requireUser(PAGE);
  const sid = await currentSessionId();
  if (!sid) return { ok: false, message: 'Sign in again first.' };
  const ended = await endUserSessions(systemDb(), userId, sid);
  revalidatePath(PAGE);
  return { ok: true, ended };
}

export async function setRequirementAction(form: FormData): Promise<FormState> {
  await requireUser(PAGE);
  const member = await currentMember();
  if (!member) return { ok: false, message: 'You are not a member of a workspace.' };
  try {
    await setTwoFactorRequirement(db(), systemDb(), memberActor(member), form.get('required') === 'on');
    revalidatePath(PAGE);
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

'use server';

import { revalidatePath } from 'next/cache';
import { addPrice, setLocalComputePrice } from '@helpdesk/billing';
import { db, systemDb } from '@/lib/clients';
import { failure, type FormState } from '@/lib/form-state';
import { memberActor, requireMember } from '@/lib/session';

const ADMINS = ['OWNER', 'ADMIN'] as const;

/** The form's datetime-local value is UTC (the label says so); an empty one is left for validation to name. */
function utc(value: FormDataEntryValue | null): string {
  const text = typeof value === 'string' ? value.trim() : '';
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text) ? `${text}Z` : text;
}

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
};

export async function addPriceAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember(ADMINS);
  try {
    const user = await systemDb().user.findUnique({ where: { id: member.userId }, select: { platformAdmin: true } });
    await addPrice(
      db(),
      { actor: memberActor(member), platformAdmin: user?.platformAdmin ?? false },
      {
        scope: (text(form, 'scope') ?? 'tenant') as 'tenant' | 'platform',
        model: text(form, 'model') ?? '',
        provider: (text(form, 'provider') ?? '') as 'CLOUD' | 'LOCAL',
        inputPerMTok: text(form, 'inputPerMTok'),
        outputPerMTok: text(form, 'outputPerMTok'),
        cacheWritePerMTok: text(form, 'cacheWritePerMTok'),
        cacheReadPerMTok: text(form, 'cacheReadPerMTok'),
        computePerHour: text(form, 'computePerHour'),
        effectiveFrom: utc(form.get('effectiveFrom')),
      },
    );
    revalidatePath('/admin/prices');
    return { ok: true, message: undefined };
  } catch (error) {
    return failure(error);
  }
}

export async function setLocalComputeAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember(ADMINS);
  try {
    await db().$transaction((tx) =>
      setLocalComputePrice(tx, memberActor(member), { computePerHour: text(form, 'computePerHour') ?? '', effectiveFrom: utc(form.get('effectiveFrom')) }),
    );
    revalidatePath('/admin/prices');
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

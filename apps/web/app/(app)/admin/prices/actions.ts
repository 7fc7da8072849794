'use server';

import { addPrice, setLocalComputePrice } from '@helpdesk/billing';
import { memberAction } from '@/lib/action';
import { db } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

const PATH = '/admin/prices';

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
  return memberAction('admin.settings', { revalidate: PATH }, undefined, async (_data, { member, actor }) => {
    await addPrice(
      db(),
      { actor, platformAdmin: member.platformAdmin },
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
    return {};
  });
}

export async function setLocalComputeAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('admin.settings', { revalidate: PATH }, undefined, async (_data, { actor }) => {
    await setLocalComputePrice(db(), actor, {
      computePerHour: text(form, 'computePerHour') ?? '',
      effectiveFrom: utc(form.get('effectiveFrom')),
    });
    return {};
  });
}

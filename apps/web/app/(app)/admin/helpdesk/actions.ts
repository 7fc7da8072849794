'use server';

import { z } from 'zod';
import { createMacro, deleteMacro, deleteSlaPolicy, saveSlaPolicy } from '@helpdesk/core';
import { deleteView, saveView, ticketFiltersSchema } from '@helpdesk/core/queries';
import { Priority, parseInput } from '@helpdesk/db';
import { memberAction } from '@/lib/action';
import { db } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';
import { macroActionsOf, macroFields } from '../macros/macro-form';

const PATH = '/admin/helpdesk';

export async function createMacroAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('admin.settings', { input: macroFields, revalidate: PATH }, form, async (data, { actor }) => {
    await createMacro(db(), actor, { name: data.name, body: data.body, actions: macroActionsOf(data) });
    return {};
  });
}

const macroId = z.object({ macroId: z.string().default('') });

export async function deleteMacroAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('admin.settings', { input: macroId, revalidate: PATH }, form, async (data, { actor }) => {
    await deleteMacro(db(), actor, data.macroId);
    return {};
  });
}

const slaForm = z.object({
  priority: z.enum(Priority, { error: 'Choose a priority' }),
  firstResponseMinutes: z.coerce
    .number({ error: 'must be a number of minutes' })
    .int('must be whole minutes')
    .min(1, 'must be at least 1 minute'),
  resolutionMinutes: z.coerce
    .number({ error: 'must be a number of minutes' })
    .int('must be whole minutes')
    .min(1, 'must be at least 1 minute'),
  businessHoursOnly: z.literal('on').optional(),
});

export async function saveSlaAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('admin.settings', { input: slaForm, revalidate: PATH }, form, async (data, { actor }) => {
    await saveSlaPolicy(db(), actor, { ...data, businessHoursOnly: data.businessHoursOnly === 'on' });
    return {};
  });
}

const slaPriority = z.object({ priority: z.enum(Priority, { error: 'Choose a priority' }) });

export async function deleteSlaAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('admin.settings', { input: slaPriority, revalidate: PATH }, form, async (data, { actor }) => {
    await deleteSlaPolicy(db(), actor, data.priority);
    return {};
  });
}

const viewForm = z.object({ name: z.string(), status: z.string(), assigneeId: z.string(), tag: z.string(), priority: z.string() });

export async function createSharedViewAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('admin.settings', { input: viewForm, revalidate: PATH }, form, async ({ name, ...chosen }, { member }) => {
    // Parsed on their own so that a bad filter is named as its own field (`status`), as the form shows it.
    const filters = parseInput(ticketFiltersSchema, Object.fromEntries(Object.entries(chosen).filter(([, v]) => v !== '')));
    await saveView(
      db(),
      member.tenantId,
      { userId: member.userId, role: member.role },
      { name, shared: true, sort: 'updated_desc', filters },
    );
    return {};
  });
}

const viewId = z.object({ viewId: z.string().default('') });

export async function deleteViewAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction('admin.settings', { input: viewId, revalidate: PATH }, form, async (data, { member }) => {
    await deleteView(db(), member.tenantId, { userId: member.userId, role: member.role }, data.viewId);
    return {};
  });
}

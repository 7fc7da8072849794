'use server';

import { z } from 'zod';
import { createMacro, deleteMacro, deleteSlaPolicy, saveSlaPolicy } from '@helpdesk/core';
import { deleteView, saveView, ticketFiltersSchema } from '@helpdesk/core/queries';
import { Priority, TicketStatus, parseInput } from '@helpdesk/db';
import { memberAction } from '@/lib/action';
import { db } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';

const PATH = '/admin/helpdesk';

const macroForm = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  body: z.string().max(20_000),
  status: z.union([z.literal(''), z.enum(TicketStatus)]),
  priority: z.union([z.literal(''), z.enum(Priority)]),
  addTags: z.string().max(500),
});

export async function createMacroAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction(
    'admin.settings',
    { input: macroForm, revalidate: PATH },
    form,
    async ({ name, body, status, priority, addTags }, { actor }) => {
      const tags = addTags
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean);
      await createMacro(db(), actor, {
        name,
        body,
        actions: { ...(status ? { status } : {}), ...(priority ? { priority } : {}), ...(tags.length ? { addTags: tags } : {}) },
      });
      return {};
    },
  );
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

'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { createMacro, deleteMacro, deleteSlaPolicy, saveSlaPolicy } from '@helpdesk/core';
import { deleteView, saveView, ticketFiltersSchema } from '@helpdesk/core/queries/index';
import { Priority, TicketStatus } from '@helpdesk/db';
import { db } from '@/lib/clients';
import { failure, invalid, type FormState } from '@/lib/form-state';
import { memberActor, requireMember } from '@/lib/session';

const ADMINS = ['OWNER', 'ADMIN'] as const;
const PATH = '/admin/helpdesk';

const macroForm = z.object({
  name: z.string().trim().min(1, 'is required').max(100),
  body: z.string().max(20_000),
  status: z.union([z.literal(''), z.enum(TicketStatus)]),
  priority: z.union([z.literal(''), z.enum(Priority)]),
  addTags: z.string().max(500),
});

export async function createMacroAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember(ADMINS);
  const parsed = macroForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return invalid(parsed.error);
  const { name, body, status, priority, addTags } = parsed.data;
  const tags = addTags.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
  try {
    await createMacro(db(), memberActor(member), {
      name,
      body,
      actions: { ...(status ? { status } : {}), ...(priority ? { priority } : {}), ...(tags.length ? { addTags: tags } : {}) },
    });
    revalidatePath(PATH);
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

export async function deleteMacroAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember(ADMINS);
  try {
    await deleteMacro(db(), memberActor(member), String(form.get('macroId') ?? ''));
    revalidatePath(PATH);
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

const slaForm = z.object({
  priority: z.enum(Priority, { error: 'Choose a priority' }),
  firstResponseMinutes: z.coerce.number({ error: 'must be a number of minutes' }).int('must be whole minutes').min(1, 'must be at least 1 minute'),
  resolutionMinutes: z.coerce.number({ error: 'must be a number of minutes' }).int('must be whole minutes').min(1, 'must be at least 1 minute'),
  businessHoursOnly: z.literal('on').optional(),
});

export async function saveSlaAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember(ADMINS);
  const parsed = slaForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return invalid(parsed.error);
  try {
    await saveSlaPolicy(db(), memberActor(member), { ...parsed.data, businessHoursOnly: parsed.data.businessHoursOnly === 'on' });
    revalidatePath(PATH);
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

export async function deleteSlaAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember(ADMINS);
  const priority = z.enum(Priority).safeParse(form.get('priority'));
  if (!priority.success) return { ok: false, errors: { priority: 'Choose a priority' } };
  try {
    await deleteSlaPolicy(db(), memberActor(member), priority.data);
    revalidatePath(PATH);
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

const viewForm = z.object({
  name: z.string(),
  status: z.string(),
  assigneeId: z.string(),
  tag: z.string(),
  priority: z.string(),
});

export async function createSharedViewAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember(ADMINS);
  const parsed = viewForm.safeParse(Object.fromEntries(form));
  if (!parsed.success) return invalid(parsed.error);
  const { name, status, assigneeId, tag, priority } = parsed.data;
  const filters = ticketFiltersSchema.safeParse({ status: status || undefined, assigneeId: assigneeId || undefined, tag: tag || undefined, priority: priority || undefined });
  if (!filters.success) return invalid(filters.error);
  try {
    await saveView(db(), member.tenantId, { userId: member.userId, role: member.role }, {
      name,
      shared: true,
      sort: 'updated_desc',
      filters: filters.data,
    });
    revalidatePath(PATH);
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

export async function deleteViewAction(_prev: FormState, form: FormData): Promise<FormState> {
  const member = await requireMember(ADMINS);
  try {
    await deleteView(db(), member.tenantId, { userId: member.userId, role: member.role }, String(form.get('viewId') ?? ''));
    revalidatePath(PATH);
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}

'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { updateMacro } from '@helpdesk/core';
import { memberAction } from '@/lib/action';
import { db } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';
import { macroActionsOf, macroFields } from './macro-form';

const macroForm = macroFields.extend({ macroId: z.string().trim().min(1).max(64) });

/** Saves every field of the macro at once (a cleared field clears that action), then returns to the list. */
export async function updateMacroAction(_prev: FormState, form: FormData): Promise<FormState> {
  return memberAction(
    'admin.settings',
    { input: macroForm, revalidate: ['/admin/helpdesk', '/admin/macros/[id]'] },
    form,
    async (data, { actor }) => {
      await updateMacro(db(), actor, data.macroId, { name: data.name, body: data.body, actions: macroActionsOf(data) });
      redirect('/admin/helpdesk?saved=macro');
    },
  );
}

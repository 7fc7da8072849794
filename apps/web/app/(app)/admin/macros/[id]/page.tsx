import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { listMacros, macroActionsSchema } from '@helpdesk/core';
import { ticketOptions } from '@helpdesk/core/queries';
import { MacroFields } from '@/components/admin/macro-fields';
import { ActionForm } from '@/components/shell/action-form';
import { PageHeader } from '@/components/shell/page-header';
import { Button } from '@/components/ui/button';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';
import { updateMacroAction } from '../actions';

export const metadata: Metadata = { title: 'Edit macro' };
export const dynamic = 'force-dynamic';

export default async function EditMacroPage({ params }: { params: Promise<{ id: string }> }) {
  const member = await requireMember('admin.settings');
  const { id } = await params;
  const [macros, options] = await Promise.all([listMacros(db(), member.tenantId), ticketOptions(db(), member.tenantId)]);
  const macro = macros.find((m) => m.id === id);
  if (!macro) notFound();
  // A macro saved by an older version with actions we no longer understand is edited from no actions.
  const parsed = macroActionsSchema.safeParse(macro.actions);
  const actions = parsed.success ? parsed.data : {};
  return (
    <>
      <PageHeader title={`Edit macro: ${macro.name}`} description="Agents insert the reply text and apply the actions in one step." />
      <ActionForm
        action={updateMacroAction}
        label="Edit macro"
        className="max-w-2xl space-y-4 rounded-lg border border-slate-200 bg-white p-4"
      >
        <input type="hidden" name="macroId" value={macro.id} />
        <MacroFields name={macro.name} body={macro.body} actions={actions} agents={options.agents} bodyRows={6} />
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit">Save macro</Button>
          <Link href="/admin/helpdesk" className="text-sm font-medium text-brand-700 underline">
            Cancel
          </Link>
        </div>
      </ActionForm>
    </>
  );
}

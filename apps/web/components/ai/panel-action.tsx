'use server';

import type { ReactNode } from 'react';
import { z } from 'zod';
import { requireTenantTicket } from '@helpdesk/core/queries';
import { memberAction } from '@/lib/action';
import { db } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';
import { AiPanelContent } from './ai-panel-content';

const input = z.object({ ticketId: z.string().min(1).max(64) });

/** The AI panel alone, rendered afresh: the live panel swaps it in when a job moves, leaving the rest of the page be. */
export async function aiPanelAction(ticketId: string): Promise<FormState & { panel?: ReactNode }> {
  return memberAction('tickets.view', { input }, { ticketId }, async (data, { member }) => {
    await requireTenantTicket(db(), member.tenantId, data.ticketId);
    return { panel: <AiPanelContent tenantId={member.tenantId} ticketId={data.ticketId} /> };
  });
}

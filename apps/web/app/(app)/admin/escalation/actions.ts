'use server';

import { revalidatePath } from 'next/cache';
import { savePolicy, simulateThreshold } from '@helpdesk/escalation';
import { db } from '@/lib/clients';
import { failure, parseFormState, type FormState } from '@/lib/form-state';
import { memberActor, requireMember } from '@/lib/session';
import { policyFormSchema, type PolicyFormValues } from './form-schema';
import { toSimulationView, type SimulationView } from './simulation-view';

const ADMINS = ['OWNER', 'ADMIN'] as const;

export async function simulateAction(values: PolicyFormValues): Promise<{ ok: true; simulation: SimulationView } | FormState> {
  const member = await requireMember(ADMINS);
  const parsed = parseFormState(policyFormSchema, values);
  if (!parsed.ok) return parsed;
  const p = parsed.data;
  try {
    const simulation = await simulateThreshold(db(), member.tenantId, {
      confidenceThreshold: p.confidenceThreshold,
      overrides: {
        localOnly: p.localOnly, escalateOutOfScope: p.escalateOutOfScope, categories: p.categories, minPriority: p.minPriority,
        negativeSentiment: p.negativeSentiment, vipTag: p.vipTag, retrievalScoreThreshold: p.retrievalScoreThreshold,
        maxQuestions: p.maxQuestions, longMessageChars: p.longMessageChars, mediumModel: p.mediumModel, complexModel: p.complexModel,
      },
    });
    return { ok: true, simulation: toSimulationView(simulation) };
  } catch (error) {
    return failure(error);
  }
}

export async function savePolicyAction(values: PolicyFormValues): Promise<FormState> {
  const member = await requireMember(ADMINS);
  const parsed = parseFormState(policyFormSchema, values);
  if (!parsed.ok) return parsed;
  try {
    await savePolicy(db(), memberActor(member), parsed.data);
    revalidatePath('/admin/escalation');
    return { ok: true };
  } catch (error) {
    return failure(error);
  }
}


'use server';

import { savePolicy, simulateThreshold } from '@helpdesk/escalation';
import { memberAction } from '@/lib/action';
import { db } from '@/lib/clients';
import type { FormState } from '@/lib/form-state';
import { policyFormSchema, type PolicyFormValues } from './form-schema';
import { toSimulationView, type SimulationView } from './simulation-view';

export async function simulateAction(values: PolicyFormValues): Promise<(FormState & { simulation: SimulationView }) | FormState> {
  return memberAction('admin.settings', { input: policyFormSchema }, values, async (p, { member }) => {
    const simulation = await simulateThreshold(db(), member.tenantId, {
      confidenceThreshold: p.confidenceThreshold,
      overrides: {
        localOnly: p.localOnly,
        escalateOutOfScope: p.escalateOutOfScope,
        categories: p.categories,
        minPriority: p.minPriority,
        negativeSentiment: p.negativeSentiment,
        vipTag: p.vipTag,
        retrievalScoreThreshold: p.retrievalScoreThreshold,
        maxQuestions: p.maxQuestions,
        longMessageChars: p.longMessageChars,
        mediumModel: p.mediumModel,
        complexModel: p.complexModel,
      },
    });
    return { simulation: toSimulationView(simulation) };
  });
}

export async function savePolicyAction(values: PolicyFormValues): Promise<FormState> {
  return memberAction('admin.settings', { input: policyFormSchema, revalidate: '/admin/escalation' }, values, async (data, { actor }) => {
    await savePolicy(db(), actor, data);
    return {};
  });
}

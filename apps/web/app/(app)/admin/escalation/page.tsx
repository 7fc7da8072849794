import type { Metadata } from 'next';
import { loadConfig } from '@helpdesk/config';
import {
  cloudSettings,
  ensureBudget,
  escalationAdminOptions,
  getPolicy,
  listBudgetAlertDeliveries,
  simulateThreshold,
  type BudgetAlertDelivery,
} from '@helpdesk/escalation';
import { formatMicros } from '@helpdesk/billing';
import { PolicyForm } from '@/components/escalation/policy-form';
import { PageHeader } from '@/components/shell/page-header';
import { Badge } from '@/components/ui/badge';
import { DataTable } from '@/components/ui/table';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';
import type { PolicyFormValues } from './form-schema';
import { toSimulationView } from './simulation-view';

export const metadata: Metadata = { title: 'AI escalation' };
export const dynamic = 'force-dynamic';

function dollars(micros: bigint): string {
  const whole = micros / 1_000_000n;
  const fraction = (micros % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

function deliveryTone(status: string | null) {
  if (status === null) return 'neutral' as const;
  if (status.startsWith('delivered')) return 'success' as const;
  return status.startsWith('refused') ? ('danger' as const) : ('warning' as const);
}

/** What happened to each alert's webhook POST, so a wrong or refused URL is seen by the people who set it. */
function AlertDeliveries({ deliveries }: { deliveries: BudgetAlertDelivery[] }) {
  return (
    <section className="mt-8" aria-labelledby="alert-deliveries">
      <h2 id="alert-deliveries" className="text-lg font-semibold text-slate-900">
        Budget alert deliveries
      </h2>
      {deliveries.length === 0 ? (
        <p className="mt-2 text-sm text-slate-700">No budget alert has fired yet.</p>
      ) : (
        <DataTable
          className="mt-2"
          data-testid="alert-deliveries"
          columns={[
            { header: 'Fired', cell: (d) => `${d.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` },
            { header: 'Month', cell: (d) => d.period },
            { header: 'Threshold', cell: (d) => `${d.threshold} %` },
            { header: 'Webhook', cell: (d) => <Badge tone={deliveryTone(d.webhookStatus)}>{d.webhookStatus ?? 'not yet sent'}</Badge> },
          ]}
          rows={deliveries}
          rowKey={(d) => d.id}
        />
      )}
    </section>
  );
}

export default async function EscalationPage() {
  const member = await requireMember('admin.settings');
  const tenantId = member.tenantId;
  const policy = await getPolicy(db(), tenantId);
  const [{ webhook, categories, cloudModels }, budget, simulation, deliveries] = await Promise.all([
    escalationAdminOptions(db(), tenantId),
    ensureBudget(db(), tenantId),
    simulateThreshold(db(), tenantId, { confidenceThreshold: policy.confidenceThreshold }),
    listBudgetAlertDeliveries(db(), tenantId),
  ]);
  const mode = cloudSettings(loadConfig()).mode;
  const initial: PolicyFormValues = {
    localOnly: policy.localOnly,
    confidenceThreshold: policy.confidenceThreshold,
    escalateOutOfScope: policy.escalateOutOfScope,
    categories: policy.categories,
    minPriority: policy.minPriority ?? '',
    negativeSentiment: policy.negativeSentiment,
    vipTag: policy.vipTag ?? '',
    retrievalScoreThreshold: policy.retrievalScoreThreshold?.toString() ?? '',
    maxQuestions: policy.maxQuestions?.toString() ?? '',
    longMessageChars: policy.longMessageChars?.toString() ?? '',
    mediumModel: policy.mediumModel,
    complexModel: policy.complexModel,
    autoSendCategories: policy.autoSendCategories,
    autoSendConfidence: policy.autoSendConfidence.toString(),
    monthlyBudgetMicros: dollars(policy.monthlyBudgetMicros),
    alertWebhookUrl: webhook.alertWebhookUrl ?? '',
    alertWebhookSecret: '',
  };
  return (
    <>
      <PageHeader
        title="AI escalation"
        description="Reply drafts are written by the local model; these rules send the hard ones to a cloud model, within a monthly budget."
        actions={
          mode === 'simulated' ? (
            <Badge tone="warning" data-testid="cloud-mode">
              Simulated cloud (no API key): escalated drafts come from a simulator on this machine, not Anthropic
            </Badge>
          ) : (
            <Badge tone="success" data-testid="cloud-mode">
              Cloud model connected
            </Badge>
          )
        }
      />
      <p className="mb-4 text-sm text-slate-700" data-testid="budget-status">
        This month ({budget.period}): {formatMicros(budget.spentMicros)} spent, {formatMicros(budget.reservedMicros)} held for running
        calls, of {formatMicros(budget.limitMicros)}.
      </p>
      <PolicyForm
        initial={initial}
        categories={categories}
        models={cloudModels}
        hasSecret={Boolean(webhook.alertWebhookSecret)}
        initialSimulation={toSimulationView(simulation)}
      />
      <AlertDeliveries deliveries={deliveries} />
    </>
  );
}

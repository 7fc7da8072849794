import { loadConfig } from '@helpdesk/config';
import { formatMicros } from '@helpdesk/billing';
import { cloudSettings, escalationDecisionView } from '@helpdesk/escalation';
import { Badge } from '@/components/ui/badge';
import { db } from '@/lib/clients';
import { StreamingDraft } from './streaming-draft';

const BLOCKED: Record<string, string> = {
  local_only: 'the workspace is set to local-only',
  budget: 'the monthly AI budget is spent',
  no_price: 'the model has no price in the catalog',
};

export interface EscalationDecisionProps {
  tenantId: string;
  ticketId: string;
}

/** Why this ticket's draft went (or did not go) to the cloud model, what it cost, and the cloud draft itself. */
export async function EscalationDecisionCard({ tenantId, ticketId }: EscalationDecisionProps) {
  const view = await escalationDecisionView(db(), tenantId, ticketId);
  if (!view) return null;
  const { decision, draft, reasons, redactionSummary: summary, cloudCost: cost } = view;
  const simulated = cloudSettings(loadConfig()).mode === 'simulated';

  return (
    <section
      aria-labelledby="escalation-heading"
      className="rounded-lg border border-slate-200 bg-white p-4"
      data-testid="escalation-decision"
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="escalation-heading" className="text-sm font-semibold text-slate-900">
          Cloud escalation
        </h2>
        {decision.escalate ? (
          <Badge tone="info">
            Escalated · {decision.tier} · {decision.model}
          </Badge>
        ) : (
          <Badge>Local</Badge>
        )}
        {simulated && decision.escalate ? <Badge tone="warning">Simulated cloud (no API key)</Badge> : null}
        {draft?.source === 'LOCAL_FALLBACK' ? <Badge tone="danger">Fell back to local</Badge> : null}
      </div>
      {reasons.length ? (
        <ul className="mt-2 list-inside list-disc text-sm text-slate-700" aria-label="Escalation reasons">
          {reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-slate-600">No escalation rule matched.</p>
      )}
      {decision.blockedBy ? (
        <p className="mt-2 text-sm text-amber-900">Not escalated: {BLOCKED[decision.blockedBy] ?? decision.blockedBy}.</p>
      ) : null}
      {draft?.failureReason ? <p className="mt-2 text-sm text-slate-700">Cloud call: {draft.failureReason}</p> : null}
      {cost.calls > 0 ? (
        <p className="mt-2 text-sm text-slate-800" data-testid="escalation-cost">
          Cloud cost: <strong>{formatMicros(cost.micros, 4)}</strong> ({cost.tokensIn} tokens in, {cost.tokensOut} out, {cost.calls}{' '}
          {cost.calls === 1 ? 'call' : 'calls'})
        </p>
      ) : null}
      {summary && Object.keys(summary).length ? (
        <p className="mt-2 text-sm text-slate-700">
          Redacted before sending:{' '}
          {Object.entries(summary)
            .map(([kind, n]) => `${n} ${kind.toLowerCase()}`)
            .join(', ')}
        </p>
      ) : null}
      {draft && decision.escalate ? (
        <div className="mt-3">
          {/* Keyed by status: when the panel re-renders with the draft finished, the finished text replaces the stream's. */}
          <StreamingDraft key={`${draft.id}:${draft.status}`} draftId={draft.id} initialText={draft.body} initialStatus={draft.status} />
        </div>
      ) : null}
    </section>
  );
}

import { AiPanelContent, type AiPanelProps } from './ai-panel-content';
import { AiPanelLive } from './ai-panel-live';
import { aiPanelAction } from './panel-action';

/** AI suggestions for one ticket: triage chips, cited articles, the reply draft and why it was escalated. */
export function AiPanel({ tenantId, ticketId }: AiPanelProps) {
  return (
    <section aria-labelledby="ai-panel-title" className="rounded-lg border border-slate-200 bg-white p-4" data-testid="ai-panel">
      <h2 id="ai-panel-title" className="mb-4 text-base font-semibold text-slate-900">
        AI assistant
      </h2>
      <AiPanelLive ticketId={ticketId} refresh={aiPanelAction}>
        <AiPanelContent tenantId={tenantId} ticketId={ticketId} />
      </AiPanelLive>
    </section>
  );
}

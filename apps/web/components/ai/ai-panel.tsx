export interface AiPanelProps {
  tenantId: string;
  ticketId: string;
}

/** AI suggestions for one ticket: triage, citations and the reply draft. */
export async function AiPanel({ tenantId, ticketId }: AiPanelProps) {
  return (
    <section aria-label="AI assistant" data-tenant={tenantId} data-ticket={ticketId}>
      <h2 className="text-sm font-semibold">AI assistant</h2>
      <p className="text-sm text-gray-600">Waiting for triage…</p>
    </section>
  );
}

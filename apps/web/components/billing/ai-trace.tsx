import { getDb } from '@helpdesk/db';
import { formatMicros, ticketTrace } from '@helpdesk/billing';

export interface AiTraceProps {
  tenantId: string;
  ticketId: string;
}

/** Every AI call made for a ticket: which model, tokens, what it cost and why it ran. */
export async function AiTrace({ tenantId, ticketId }: AiTraceProps) {
  const { events, totalMicros } = await ticketTrace(getDb(), tenantId, ticketId);
  return (
    <section aria-labelledby="ai-trace-heading" className="space-y-2">
      <h2 id="ai-trace-heading" className="text-sm font-semibold">
        AI calls <span className="font-normal text-gray-600">({events.length}, {formatMicros(totalMicros, 4)})</span>
      </h2>
      {events.length === 0 ? (
        <p className="text-sm text-gray-600">No AI calls recorded for this ticket yet.</p>
      ) : (
        <table className="w-full text-left text-xs">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Feature</th>
              <th scope="col">Model</th>
              <th scope="col">Tokens in/out</th>
              <th scope="col">Cost</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id}>
                <td>{e.occurredAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
                <td>{e.feature}</td>
                <td>
                  {e.model} <span className="text-gray-600">({e.provider.toLowerCase()})</span>
                </td>
                <td>
                  {e.tokensIn}/{e.tokensOut}
                </td>
                <td>{formatMicros(e.costMicros, 4)}</td>
                <td>{e.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

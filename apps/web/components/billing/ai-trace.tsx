import { formatMicros, isDemoUsage, ticketTrace } from '@helpdesk/billing';
import { loadConfig } from '@helpdesk/config';
import { cloudSettings } from '@helpdesk/escalation';
import { Badge } from '@/components/ui/badge';
import { DataTable } from '@/components/ui/table';
import { db } from '@/lib/clients';
import { FEATURE_LABELS } from './labels';

export interface AiTraceProps {
  tenantId: string;
  ticketId: string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const PII_LABELS: Record<string, [string, string]> = {
  EMAIL: ['email address', 'email addresses'],
  PHONE: ['phone number', 'phone numbers'],
  CARD: ['card number', 'card numbers'],
  IBAN: ['IBAN', 'IBANs'],
  ADDRESS: ['postal address', 'postal addresses'],
  NAME: ['name', 'names'],
  SECRET: ['password or secret', 'passwords or secrets'],
};

/** "2 email addresses, 1 card number" from the counts recorded with a cloud call; null when nothing was redacted. */
function redactedText(summary: unknown): string | null {
  if (!summary || typeof summary !== 'object') return null;
  const parts = Object.entries(summary as Record<string, unknown>)
    .filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0)
    .map(([kind, n]) => `${n} ${(PII_LABELS[kind] ?? [kind.toLowerCase(), kind.toLowerCase()])[n === 1 ? 0 : 1]}`);
  return parts.length ? parts.join(', ') : null;
}

/**
 * Every AI call made for a ticket: which model, tokens, what it cost and why it ran. Local calls show the
 * compute time they are billed for apart from the time they queued for a free model sequence.
 */
export async function AiTrace({ tenantId, ticketId }: AiTraceProps) {
  const { events, totalMicros } = await ticketTrace(db(), tenantId, ticketId);
  // The mode of this install, not of each past call: an install that switched to a real key keeps no record of when.
  const cloudLabel = cloudSettings(loadConfig()).mode === 'simulated' ? 'simulated cloud' : 'cloud';
  return (
    <section aria-labelledby="ai-trace-heading" className="space-y-2" data-testid="ai-trace">
      <h2 id="ai-trace-heading" className="text-sm font-semibold text-slate-900">
        AI calls{' '}
        <span className="font-normal text-slate-600">
          ({events.length}, {formatMicros(totalMicros, 6)})
        </span>
      </h2>
      {events.length === 0 ? (
        <p className="text-sm text-slate-600">No AI calls recorded for this ticket yet.</p>
      ) : (
        <DataTable
          className="text-xs"
          columns={[
            {
              header: 'When (UTC)',
              cell: (e) => (
                <>
                  <span className="whitespace-nowrap">{e.occurredAt.toISOString().slice(0, 16).replace('T', ' ')}</span>
                  {isDemoUsage(e) ? (
                    <Badge tone="warning" className="mt-1 block w-fit" data-testid="ai-trace-demo">
                      demo data
                    </Badge>
                  ) : null}
                </>
              ),
            },
            { header: 'Feature', cell: (e) => FEATURE_LABELS[e.feature] },
            {
              header: 'Model',
              cell: (e) => (
                <>
                  {e.model} <span className="text-slate-600">({e.provider === 'LOCAL' ? 'local' : cloudLabel})</span>
                </>
              ),
            },
            {
              header: 'Tokens in / out',
              numeric: true,
              cell: (e) => (
                <>
                  {e.tokensIn.toLocaleString('en-US')} / {e.tokensOut.toLocaleString('en-US')}
                  {e.cacheReadTokens + e.cacheWriteTokens > 0 ? (
                    <span className="block text-slate-600">
                      cache {e.cacheWriteTokens.toLocaleString('en-US')} written, {e.cacheReadTokens.toLocaleString('en-US')} read
                    </span>
                  ) : null}
                </>
              ),
            },
            {
              header: 'Time',
              numeric: true,
              className: 'whitespace-nowrap',
              cellProps: () => ({ 'data-testid': 'ai-trace-time' }),
              cell: (e) =>
                e.provider === 'LOCAL' ? (
                  <>
                    {seconds(e.computeMs)} compute
                    <span className="block text-slate-600">{seconds(e.waitMs)} waiting for the model</span>
                  </>
                ) : (
                  seconds(e.durationMs)
                ),
            },
            { header: 'Cost', numeric: true, cell: (e) => formatMicros(e.costMicros, 6) },
            {
              header: 'Reason',
              cell: (e) => (
                <>
                  {e.reason ?? '—'}
                  {e.provider === 'CLOUD' ? (
                    <span className="block text-slate-600" data-testid="ai-trace-redactions">
                      Redacted before sending: {redactedText(e.redactionSummary) ?? 'nothing found'}
                    </span>
                  ) : null}
                </>
              ),
            },
          ]}
          rows={events}
          rowKey={(e) => e.id}
          rowProps={() => ({ 'data-testid': 'ai-trace-row' })}
        />
      )}
    </section>
  );
}

import type { TicketDetail } from '@helpdesk/core/queries/ticket-detail';
import { dateTime } from './format';

function describe(changes: unknown): string {
  if (!changes || typeof changes !== 'object') return '';
  return Object.entries(changes as Record<string, unknown>)
    .map(([field, v]) => {
      if (v && typeof v === 'object' && 'to' in v) {
        const c = v as { from: unknown; to: unknown };
        return `${field}: ${JSON.stringify(c.from ?? null)} → ${JSON.stringify(c.to ?? null)}`;
      }
      return `${field}: ${JSON.stringify(v)}`;
    })
    .join('; ');
}

const FIELD_WORDS: Record<string, string> = { category: 'Category', priority: 'Priority', sentiment: 'Sentiment' };
const word = (v: unknown) => (v === null || v === undefined ? 'none' : String(v).replace('_', ' ').toLowerCase().replace(/^\w/, (c) => c.toUpperCase()));

/** "Category changed from Billing to Login by Alex" for an agent's triage correction; null for other entries. */
function correctionSentence(action: string, changes: unknown, actor: string): string | null {
  if (action !== 'triage.corrected' || !changes || typeof changes !== 'object') return null;
  const [field, change] = Object.entries(changes as Record<string, { from?: unknown; to?: unknown }>)[0] ?? [];
  if (!field || !change) return null;
  const names = field === 'category' ? (v: unknown) => (v === null || v === undefined ? 'Uncategorised' : String(v)) : word;
  return `${FIELD_WORDS[field] ?? field} changed from ${names(change.from)} to ${names(change.to)} by ${actor}`;
}

/** Who changed what on this ticket, newest first. */
export function AuditLogPanel({ entries }: { entries: TicketDetail['auditLog'] }) {
  return (
    <section aria-labelledby="audit-heading" className="space-y-2">
      <h2 id="audit-heading" className="text-sm font-semibold text-slate-900">
        Activity
      </h2>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-700">No changes yet.</p>
      ) : (
        <ol className="space-y-2 text-xs text-slate-800" data-testid="audit-log">
          {entries.map((e) => {
            const actor = e.actorName ?? e.actorType.toLowerCase();
            const sentence = correctionSentence(e.action, e.changes, actor);
            return (
              <li key={e.id}>
                {sentence ? (
                  <span className="break-words">{sentence}</span>
                ) : (
                  <>
                    <span className="font-medium">{actor}</span> {e.action}
                    {describe(e.changes) ? <span className="block break-words text-slate-700">{describe(e.changes)}</span> : null}
                  </>
                )}
                <time className="block text-slate-600" dateTime={e.createdAt.toISOString()}>
                  {dateTime(e.createdAt)}
                </time>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

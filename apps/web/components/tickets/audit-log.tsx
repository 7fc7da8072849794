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
          {entries.map((e) => (
            <li key={e.id}>
              <span className="font-medium">{e.actorName ?? e.actorType.toLowerCase()}</span> {e.action}
              {describe(e.changes) ? <span className="block break-words text-slate-700">{describe(e.changes)}</span> : null}
              <time className="block text-slate-600" dateTime={e.createdAt.toISOString()}>
                {dateTime(e.createdAt)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

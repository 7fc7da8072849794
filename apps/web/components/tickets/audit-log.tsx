import type { ActivityItem } from '@helpdesk/core/activity';
import { dateTime } from './format';

/** Who changed what on this ticket, newest first, in sentences (see packages/core/src/activity.ts). */
export function AuditLogPanel({ entries }: { entries: ActivityItem[] }) {
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
              {e.sentences.map((s, i) => (
                <span key={i} className="block break-words">
                  {s}
                </span>
              ))}
              <time className="block text-slate-600" dateTime={e.at.toISOString()}>
                {dateTime(e.at)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

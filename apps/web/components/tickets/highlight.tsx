import type { Highlight as Segments } from '@helpdesk/core/queries/search-tickets';

/** Search highlights as text nodes and <mark>s; nothing from the ticket is ever parsed as HTML. */
export function Highlight({ segments }: { segments: Segments }) {
  return (
    <>
      {segments.map((s, i) =>
        s.match ? (
          <mark key={i} className="rounded bg-yellow-200 px-0.5 text-slate-900">
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}

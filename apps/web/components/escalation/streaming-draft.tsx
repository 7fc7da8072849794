'use client';

import { useEffect, useState } from 'react';

interface StreamEvent {
  seq: number;
  text: string;
  status?: string;
  source?: string;
}

export interface StreamingDraftProps {
  draftId: string;
  initialText: string;
  initialStatus: string;
}

/** Shows a reply draft as it is written; the text arrives over SSE from /api/ai/drafts/[id]/stream. */
export function StreamingDraft({ draftId, initialText, initialStatus }: StreamingDraftProps) {
  const [text, setText] = useState(initialText);
  const [status, setStatus] = useState(initialStatus);
  const live = status === 'PENDING' || status === 'STREAMING';

  useEffect(() => {
    if (!live) return;
    const source = new EventSource(`/api/ai/drafts/${encodeURIComponent(draftId)}/stream`);
    const parse = (e: MessageEvent) => JSON.parse(String(e.data)) as StreamEvent;
    source.addEventListener('snapshot', (e) => setText(parse(e as MessageEvent).text));
    source.addEventListener('delta', (e) => {
      const delta = parse(e as MessageEvent).text;
      setText((t) => t + delta);
    });
    source.addEventListener('done', (e) => {
      const done = parse(e as MessageEvent);
      setText(done.text);
      setStatus(done.status ?? 'READY');
      source.close();
    });
    return () => source.close();
  }, [draftId, live]);

  return (
    <div>
      <p className="mb-1 text-xs text-slate-600" role="status" data-testid="draft-status">
        {live ? 'Writing draft…' : 'Draft ready for review'}
      </p>
      <div
        aria-live="polite"
        aria-busy={live}
        data-testid="draft-body"
        className="min-h-16 whitespace-pre-wrap rounded-md border border-slate-200 bg-slate-50 p-3 text-sm text-slate-900"
      >
        {text}
      </div>
    </div>
  );
}

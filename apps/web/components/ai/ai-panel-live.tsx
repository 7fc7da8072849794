'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';

/** Events that change what the panel shows; `active` alone changes nothing yet. */
const CHANGES = new Set(['progress', 'completed', 'failed']);

/**
 * Keeps the AI panel current while the ticket's AI jobs run: listens to their events over SSE and re-renders only the
 * panel (a server action returning it), never the whole page. A page refresh from elsewhere brings its own fresh panel.
 */
export interface AiPanelLiveProps {
  ticketId: string;
  /** The server action rendering the panel alone (passed in: this module must not import the panel it shows). */
  refresh: (ticketId: string) => Promise<{ ok: boolean; panel?: ReactNode }>;
  children: ReactNode;
}

export function AiPanelLive({ ticketId, refresh: renderPanel, children }: AiPanelLiveProps) {
  const [panel, setPanel] = useState(children);
  const [updates, setUpdates] = useState(0);
  const [connected, setConnected] = useState(false);
  const busy = useRef(false);
  const again = useRef(false);

  useEffect(() => setPanel(children), [children]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let gone = false;
    async function refresh(counted = true) {
      if (busy.current) {
        again.current = true;
        return;
      }
      busy.current = true;
      try {
        const result = await renderPanel(ticketId);
        if (!gone && result.ok && result.panel) {
          setPanel(result.panel);
          if (counted) setUpdates((n) => n + 1);
        }
      } finally {
        busy.current = false;
        if (again.current && !gone) {
          again.current = false;
          void refresh();
        }
      }
    }
    const source = new EventSource(`/api/tickets/${encodeURIComponent(ticketId)}/ai-events`);
    source.addEventListener('ready', () => {
      setConnected(true);
      // Jobs that finished between the server render and this connection (or while it was reconnecting) sent their
      // events to nobody: one render now catches up with them.
      void refresh(false);
    });
    source.addEventListener('error', () => setConnected(false));
    source.addEventListener('job', (e) => {
      const event = JSON.parse(String((e as MessageEvent).data)) as { state: string };
      if (!CHANGES.has(event.state)) return;
      // Jobs finish in bursts (triage, then retrieval, then the draft): one render for events close together.
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(), 150);
    });
    return () => {
      gone = true;
      clearTimeout(timer);
      source.close();
    };
  }, [ticketId, renderPanel]);

  return (
    // data-live says whether job events are arriving; data-updates counts the re-renders that job events caused.
    <div data-testid="ai-panel-live" data-live={connected ? 'on' : 'off'} data-updates={updates}>
      {panel}
    </div>
  );
}

'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';

interface Viewer {
  userId: string;
  name: string;
}

/**
 * Subscribes to /api/tickets/stream: refreshes the server-rendered page when the inbox (or this ticket) changes,
 * and, on a ticket, shows who else is viewing it. EventSource reconnects by itself after a drop.
 */
export function LiveUpdates({ ticketId, selfId }: { ticketId?: string; selfId: string }) {
  const router = useRouter();
  const [viewers, setViewers] = useState<Viewer[]>([]);
  useEffect(() => {
    const source = new EventSource(ticketId ? `/api/tickets/stream?ticketId=${encodeURIComponent(ticketId)}` : '/api/tickets/stream');
    source.addEventListener('change', () => router.refresh());
    source.addEventListener('presence', (e) =>
      setViewers((JSON.parse((e as MessageEvent<string>).data) as Viewer[]).filter((v) => v.userId !== selfId)),
    );
    return () => source.close();
  }, [ticketId, selfId, router]);
  if (!ticketId) return null;
  return (
    <p role="status" aria-live="polite" className="text-sm text-slate-700" data-testid="presence">
      {viewers.length ? `Also viewing: ${viewers.map((v) => v.name).join(', ')}` : ''}
    </p>
  );
}

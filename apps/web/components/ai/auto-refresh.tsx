'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** While AI jobs are still running for the ticket, re-renders the server components every few seconds. */
export function AutoRefresh({ everyMs = 3000 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs]);
  return null;
}

'use client';

import { useEffect, useRef } from 'react';

/** The inbox search; `/` anywhere outside a text field focuses it. */
export function SearchBox({ defaultValue, view }: { defaultValue: string; view: string }) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const target = e.target as HTMLElement | null;
      if (e.key !== '/' || e.metaKey || e.ctrlKey || target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      e.preventDefault();
      input.current?.focus();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <form role="search" action="/inbox" className="flex gap-2">
      <input type="hidden" name="view" value={view} />
      <label htmlFor="ticket-search" className="sr-only">
        Search tickets
      </label>
      <input
        ref={input}
        id="ticket-search"
        name="q"
        type="search"
        defaultValue={defaultValue}
        placeholder="Search tickets (press /)"
        maxLength={200}
        className="h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-900 placeholder:text-slate-500"
      />
      <button type="submit" className="h-10 rounded-md bg-brand-700 px-4 text-sm font-medium text-white hover:bg-brand-800">
        Search
      </button>
    </form>
  );
}

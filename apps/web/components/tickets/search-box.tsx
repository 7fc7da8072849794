'use client';

import { useEffect, useRef } from 'react';
import { Options } from '@/components/ui/choice-fields';
import { STATUS_CHOICES } from './format';

/** The inbox search, over all tickets and narrowed by status if asked; `/` anywhere outside a text field focuses it. */
export function SearchBox({ defaultValue, status }: { defaultValue: string; status: string }) {
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
      <label htmlFor="ticket-search-status" className="sr-only">
        Status
      </label>
      <select
        id="ticket-search-status"
        name="status"
        defaultValue={status}
        className="h-10 rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900"
      >
        <Options empty="Any status" choices={STATUS_CHOICES} />
      </select>
      <button type="submit" className="h-10 rounded-md bg-brand-700 px-4 text-sm font-medium text-white hover:bg-brand-800">
        Search
      </button>
    </form>
  );
}

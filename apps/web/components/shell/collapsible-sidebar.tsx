'use client';

import { useEffect, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { cn } from '@/lib/cn';

/**
 * The sidebar, beside the page from the md breakpoint and behind a Menu button below it. Open, focus moves into
 * the menu; Escape closes it and hands focus back to the button; following a link closes it.
 */
export function CollapsibleSidebar({ children, topBar }: { children: ReactNode; topBar?: ReactNode }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>('nav a')?.focus();
    function onKey(e: KeyboardEvent) {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    }
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  function onClick(e: MouseEvent<HTMLElement>) {
    if ((e.target as HTMLElement).closest('a')) setOpen(false);
  }

  return (
    <>
      <div className="flex items-center justify-between border-b border-slate-200 bg-white px-4 py-2 md:hidden">
        <span className="text-lg font-bold text-brand-800">Helpdesk</span>
        {topBar ? <div className="ml-auto mr-2">{topBar}</div> : null}
        <button
          ref={button}
          type="button"
          aria-expanded={open}
          aria-controls="app-sidebar"
          onClick={() => setOpen((o) => !o)}
          className="h-10 rounded-md border border-slate-300 bg-white px-4 text-sm font-medium text-slate-800 hover:bg-slate-100"
        >
          Menu
        </button>
      </div>
      <aside
        id="app-sidebar"
        ref={panel}
        onClick={onClick}
        className={cn(
          'w-full shrink-0 flex-col gap-6 border-r border-slate-200 bg-white p-4 md:flex md:w-60',
          open ? 'flex border-b' : 'hidden',
        )}
      >
        {children}
      </aside>
    </>
  );
}

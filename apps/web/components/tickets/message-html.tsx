'use client';

import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { cn } from '@/lib/cn';
import { RICH_TEXT } from './rich-text-style';

/**
 * Customer HTML as prepared by prepareMessageHtml: remote images arrive without a src. They load only when the agent
 * asks, for this message, because loading tells the sender the message was opened.
 */
export function MessageHtml({ html, remoteImages }: { html: string; remoteImages: number }) {
  const body = useRef<HTMLDivElement>(null);
  const [loaded, setLoaded] = useState(false);
  const load = () => {
    for (const img of body.current?.querySelectorAll<HTMLImageElement>('img[data-remote-src]') ?? []) {
      img.referrerPolicy = 'no-referrer';
      img.src = img.dataset.remoteSrc ?? '';
    }
    setLoaded(true);
  };
  return (
    <>
      {remoteImages > 0 && !loaded ? (
        <div
          role="note"
          className="mb-2 flex flex-wrap items-center gap-2 rounded-md border border-slate-200 bg-slate-50 p-2 text-xs text-slate-700"
        >
          <span>
            {remoteImages} remote image{remoteImages === 1 ? '' : 's'} not loaded: loading them tells the sender you opened this message.
          </span>
          <Button type="button" size="sm" variant="secondary" onClick={load}>
            Load remote images
          </Button>
        </div>
      ) : null}
      <div
        ref={body}
        className={cn('max-w-none text-sm break-words text-slate-900', RICH_TEXT)}
        dangerouslySetInnerHTML={{ __html: html }}
      />
    </>
  );
}

'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';

/** Copies a value to the clipboard and says so; the live region announces it to screen readers. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }
  return (
    <span className="inline-flex items-center gap-2">
      <Button variant="secondary" size="sm" onClick={copy} aria-label={label}>
        Copy
      </Button>
      <span role="status" className="text-xs text-slate-700">
        {copied === true ? 'Copied' : copied === false ? 'Copy failed; select the text instead' : ''}
      </span>
    </span>
  );
}

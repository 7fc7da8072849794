'use client';

import type { ReactNode } from 'react';

/** A secret the server keeps only as a hash: this box is the one chance to copy it; focusing the field selects it. */
export function ShownOnce({
  children,
  label,
  testId,
  value,
  copy,
}: {
  children: ReactNode;
  label: string;
  testId: string;
  value: string;
  copy?: ReactNode;
}) {
  return (
    <div role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-900">
      <p>{children}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <input
          readOnly
          aria-label={label}
          data-testid={testId}
          value={value}
          className="block min-w-0 flex-1 rounded border border-green-300 bg-white px-2 py-1 font-mono text-xs text-slate-900"
          onFocus={(e) => e.currentTarget.select()}
        />
        {copy}
      </div>
    </div>
  );
}

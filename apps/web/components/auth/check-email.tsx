import type { ReactNode } from 'react';

/** What a signed-out form shows once it has mailed a link: where it went and what to do next. */
export function CheckEmail({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="space-y-3 text-sm text-slate-800">
      <p className="text-base font-semibold text-slate-900">Check your email</p>
      {children}
    </div>
  );
}

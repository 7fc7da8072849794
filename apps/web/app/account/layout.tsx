import type { ReactNode } from 'react';
import Link from 'next/link';

export const dynamic = 'force-dynamic';

// Outside the app shell on purpose: an admin whose workspace requires 2FA is sent here before any workspace page.
export default function AccountLayout({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-white px-4 py-3">
        <p className="text-lg font-bold text-brand-800">Helpdesk</p>
        <Link href="/" className="text-sm font-medium text-brand-700 underline">
          Back to the helpdesk
        </Link>
      </header>
      <main id="main" className="mx-auto w-full max-w-3xl space-y-6 p-4 sm:p-6">
        {children}
      </main>
    </div>
  );
}

import type { ReactNode } from 'react';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-md">
        <p className="mb-6 text-center text-2xl font-bold text-brand-800">Helpdesk</p>
        {children}
      </div>
    </main>
  );
}

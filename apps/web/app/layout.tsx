import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Helpdesk', template: '%s · Helpdesk' },
  description: 'Multi-tenant customer-service helpdesk with local AI',
};

/** Every page renders per request: the CSP nonce set in proxy.ts must reach Next.js's scripts, and a prerendered page has none. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}

'use client';

import { getCsrfToken } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { NativeSelect } from '@/components/ui/select';

interface Props {
  current: string;
  tenants: { tenantId: string; tenantName: string }[];
}

/** Asks NextAuth to update the session; its jwt callback only accepts tenants the user belongs to. */
export function TenantSwitcher({ current, tenants }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);

  async function switchTo(tenantId: string) {
    setError(null);
    const csrfToken = await getCsrfToken();
    const res = await fetch('/api/auth/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ csrfToken, data: { tenantId } }),
    });
    if (!res.ok) {
      setError('Could not switch workspace; try again.');
      return;
    }
    startTransition(() => {
      router.push('/');
      router.refresh();
    });
  }

  return (
    <div>
      <label htmlFor="tenant-switcher" className="mb-1 block text-xs font-medium text-slate-600">
        Workspace
      </label>
      <NativeSelect
        id="tenant-switcher"
        value={current}
        disabled={pending || tenants.length < 2}
        onChange={(e) => void switchTo(e.target.value)}
      >
        {tenants.map((t) => (
          <option key={t.tenantId} value={t.tenantId}>
            {t.tenantName}
          </option>
        ))}
      </NativeSelect>
      {error ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

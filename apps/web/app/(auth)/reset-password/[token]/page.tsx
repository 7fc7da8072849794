import type { Metadata } from 'next';
import Link from 'next/link';
import { checkResetToken } from '@helpdesk/core/auth';
import { NewPasswordForm } from '@/components/auth/reset-password-forms';
import { AuthCard } from '@/components/auth/auth-card';
import { systemDb } from '@/lib/clients';

export const metadata: Metadata = { title: 'Choose a new password', referrer: 'no-referrer' };
export const dynamic = 'force-dynamic';

export default async function NewPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const valid = token.length >= 20 && token.length <= 200 && (await checkResetToken(systemDb(), token));
  return (
    <AuthCard title={valid ? 'Choose a new password' : 'Reset link not valid'}>
      {valid ? (
        <NewPasswordForm token={token} />
      ) : (
        <p className="text-sm text-slate-700">
          This link has expired or was already used.{' '}
          <Link href="/reset-password" className="font-medium text-brand-700 underline">
            Ask for a new one
          </Link>
          .
        </p>
      )}
    </AuthCard>
  );
}

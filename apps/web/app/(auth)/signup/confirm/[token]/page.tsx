import type { Metadata } from 'next';
import { ConfirmSignUpForm } from '@/components/auth/confirm-sign-up-form';
import { AuthCard } from '@/components/auth/auth-card';

export const metadata: Metadata = { title: 'Finish creating your workspace', referrer: 'no-referrer' };
export const dynamic = 'force-dynamic';

// A button, not the link itself, creates the workspace: mail scanners that open links must not use up the token.
export default async function ConfirmSignUpPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <AuthCard title="Finish creating your workspace">
      <ConfirmSignUpForm token={token} />
    </AuthCard>
  );
}

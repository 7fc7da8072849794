import type { Metadata } from 'next';
import { SignInForm } from '@/components/auth/sign-in-form';
import { AuthCard } from '@/components/auth/auth-card';

export const metadata: Metadata = { title: 'Sign in' };

const NOTICES: Record<string, string> = {
  created: 'Your workspace is ready. Sign in with the email and password you chose.',
  reset: 'Your password was changed and every other session was signed out. Sign in with the new password.',
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; notice?: string }> }) {
  const { callbackUrl, notice } = await searchParams;
  return (
    <AuthCard title="Sign in">
      <SignInForm callbackUrl={callbackUrl} notice={notice ? NOTICES[notice] : undefined} />
    </AuthCard>
  );
}

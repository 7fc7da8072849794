import type { Metadata } from 'next';
import { RequestResetForm } from '@/components/auth/reset-password-forms';
import { AuthCard } from '@/components/auth/auth-card';

export const metadata: Metadata = { title: 'Reset your password' };

export default function RequestResetPage() {
  return (
    <AuthCard title="Reset your password">
      <RequestResetForm />
    </AuthCard>
  );
}

import type { Metadata } from 'next';
import { SignUpForm } from '@/components/auth/sign-up-form';
import { AuthCard } from '@/components/auth/auth-card';

export const metadata: Metadata = { title: 'Create a workspace' };

export default function SignUpPage() {
  return (
    <AuthCard title="Create a workspace">
      <SignUpForm />
    </AuthCard>
  );
}

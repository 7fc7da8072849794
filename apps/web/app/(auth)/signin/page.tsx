import type { Metadata } from 'next';
import { SignInForm } from '@/components/auth/sign-in-form';
import { Card, CardContent, CardHeader } from '@/components/ui/card';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string }> }) {
  const { callbackUrl } = await searchParams;
  return (
    <Card>
      <CardHeader>
        <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
      </CardHeader>
      <CardContent>
        <SignInForm callbackUrl={callbackUrl} />
      </CardContent>
    </Card>
  );
}

import type { Metadata } from 'next';
import { ConfirmSignUpForm } from '@/components/auth/confirm-sign-up-form';
import { Card, CardContent, CardHeader } from '@/components/ui/card';

export const metadata: Metadata = { title: 'Finish creating your workspace', referrer: 'no-referrer' };
export const dynamic = 'force-dynamic';

// A button, not the link itself, creates the workspace: mail scanners that open links must not use up the token.
export default async function ConfirmSignUpPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <Card>
      <CardHeader>
        <h1 className="text-xl font-semibold text-slate-900">Finish creating your workspace</h1>
      </CardHeader>
      <CardContent>
        <ConfirmSignUpForm token={token} />
      </CardContent>
    </Card>
  );
}

import type { Metadata } from 'next';
import { RequestResetForm } from '@/components/auth/reset-password-forms';
import { Card, CardContent, CardHeader } from '@/components/ui/card';

export const metadata: Metadata = { title: 'Reset your password' };

export default function RequestResetPage() {
  return (
    <Card>
      <CardHeader>
        <h1 className="text-xl font-semibold text-slate-900">Reset your password</h1>
      </CardHeader>
      <CardContent>
        <RequestResetForm />
      </CardContent>
    </Card>
  );
}

import type { Metadata } from 'next';
import { SignUpForm } from '@/components/auth/sign-up-form';
import { Card, CardContent, CardHeader } from '@/components/ui/card';

export const metadata: Metadata = { title: 'Create a workspace' };

export default function SignUpPage() {
  return (
    <Card>
      <CardHeader>
        <h1 className="text-xl font-semibold text-slate-900">Create a workspace</h1>
      </CardHeader>
      <CardContent>
        <SignUpForm />
      </CardContent>
    </Card>
  );
}

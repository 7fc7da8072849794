import type { Metadata } from 'next';
import Link from 'next/link';
import { getInvitation } from '@helpdesk/core/auth';
import { AcceptInvitationForm } from '@/components/auth/accept-invitation-form';
import { AuthCard } from '@/components/auth/auth-card';
import { systemDb } from '@/lib/clients';
import { ROLE_LABELS } from '@/lib/nav';

export const metadata: Metadata = { title: 'Accept invitation' };
export const dynamic = 'force-dynamic';

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await getInvitation(systemDb(), token);
  if (!invitation) {
    return (
      <AuthCard title="Invitation not valid">
        <p className="text-sm text-slate-700">
          This invitation was already used, has expired or never existed. Ask an admin of the workspace for a new one.
        </p>
        <p className="mt-4 text-sm">
          <Link href="/signin" className="font-medium text-brand-700 underline">
            Sign in
          </Link>
        </p>
      </AuthCard>
    );
  }
  return (
    <AuthCard title={`Join ${invitation.tenantName}`} intro={`You were invited as ${ROLE_LABELS[invitation.role]}.`}>
      <AcceptInvitationForm token={token} email={invitation.email} />
    </AuthCard>
  );
}

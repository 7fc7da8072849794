import type { Metadata } from 'next';
import { listSessions, twoFactorRequirement, twoFactorStatus } from '@helpdesk/core/auth';
import { RequirementForm, SessionsPanel, TwoFactorPanel } from '@/components/account/security-forms';
import { TitledCard } from '@/components/ui/card';
import { systemDb } from '@/lib/clients';
import { currentMember, currentSessionId, requireUser } from '@/lib/session';

export const metadata: Metadata = { title: 'Account security' };

export default async function SecurityPage({ searchParams }: { searchParams: Promise<{ required?: string }> }) {
  const { userId } = await requireUser('/account/security');
  const { required } = await searchParams;
  const [status, sessions, member] = await Promise.all([
    twoFactorStatus(systemDb(), userId),
    listSessions(systemDb(), userId, await currentSessionId()),
    currentMember(),
  ]);
  const isAdmin = member?.role === 'OWNER' || member?.role === 'ADMIN';
  const tenant = member ? await twoFactorRequirement(systemDb(), member.tenantId) : null;
  return (
    <>
      <h1 className="text-2xl font-semibold text-slate-900">Account security</h1>
      {required && !status.enabled ? (
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {tenant?.name ?? 'Your workspace'} requires two-factor sign-in for owners and admins. Set it up below to continue.
        </p>
      ) : null}
      <TitledCard title="Two-factor sign-in">
        <TwoFactorPanel enabled={status.enabled} recoveryCodesLeft={status.recoveryCodesLeft} />
      </TitledCard>
      <TitledCard title="Where you are signed in">
        <SessionsPanel
          sessions={sessions.map((s) => ({ id: s.id, createdAt: s.createdAt.toISOString(), userAgent: s.userAgent, current: s.current }))}
        />
      </TitledCard>
      {isAdmin && tenant ? (
        <TitledCard title={`Sign-in rules for ${tenant.name}`}>
          <RequirementForm required={tenant.requireTwoFactorForAdmins} />
        </TitledCard>
      ) : null}
    </>
  );
}

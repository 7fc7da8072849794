import type { ReactNode } from 'react';
import Link from 'next/link';
import { listMemberships } from '@helpdesk/core/auth';
import { unreadNotificationCount } from '@helpdesk/core';
import { CollapsibleSidebar } from '@/components/shell/collapsible-sidebar';
import { NotificationsLink } from '@/components/shell/notifications-link';
import { SidebarNav } from '@/components/shell/sidebar-nav';
import { SignOutButton } from '@/components/shell/sign-out-button';
import { TenantSwitcher } from '@/components/shell/tenant-switcher';
import { db, systemDb } from '@/lib/clients';
import { navFor, ROLE_LABELS } from '@/lib/nav';
import { memberActor, requireMember } from '@/lib/session';

export const dynamic = 'force-dynamic';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const member = await requireMember();
  const [memberships, unread] = await Promise.all([
    listMemberships(systemDb(), member.userId),
    unreadNotificationCount(db(), memberActor(member)),
  ]);
  return (
    <div className="min-h-screen md:flex">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:rounded focus:bg-white focus:p-2">
        Skip to content
      </a>
      <CollapsibleSidebar topBar={<NotificationsLink unread={unread} />}>
        <div className="hidden text-lg font-bold text-brand-800 md:block">Helpdesk</div>
        <TenantSwitcher current={member.tenantId} tenants={memberships} />
        <NotificationsLink unread={unread} className="hidden md:inline-flex" />
        <SidebarNav items={navFor(member.role).map(({ href, label }) => ({ href, label }))} />
        <div className="mt-auto space-y-2 border-t border-slate-200 pt-4 text-sm">
          <p className="font-medium text-slate-900">{member.name}</p>
          <p className="break-all text-slate-600">{member.email}</p>
          <p className="text-slate-600">{ROLE_LABELS[member.role]}</p>
          <Link href="/account/security" className="block font-medium text-brand-700 underline">
            Account security
          </Link>
          <Link href="/account/workspaces" className="block font-medium text-brand-700 underline">
            Workspaces
          </Link>
          <SignOutButton />
        </div>
      </CollapsibleSidebar>
      <main id="main" className="min-w-0 flex-1 p-4 md:p-6">
        {children}
      </main>
    </div>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader } from '@/components/shell/page-header';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';

export const metadata: Metadata = { title: 'Admin' };

const SECTIONS = [
  { href: '/admin/members', title: 'Members', text: 'Invite people, change roles, remove access.' },
  { href: '/admin/helpdesk', title: 'Helpdesk settings', text: 'SLA policies, business hours, macros, auto-close.' },
  { href: '/admin/triage', title: 'Triage', text: 'Categories and the ticket classifier.' },
  { href: '/admin/escalation', title: 'AI escalation', text: 'When drafts go to the cloud model, and the monthly budget.' },
  { href: '/admin/api-keys', title: 'API keys', text: 'Keys for the REST API: create, see usage, revoke.' },
  { href: '/admin/channels', title: 'Channels', text: 'Inbound email webhook, its signing secret, the contact form link.' },
  { href: '/admin/prices', title: 'Model prices', text: 'The price catalog AI spend is computed from.' },
];

export default async function AdminPage() {
  const member = await requireMember(['OWNER', 'ADMIN']);
  const where = { tenantId: member.tenantId };
  const [tenant, members, pendingInvitations] = await Promise.all([
    db().tenant.findUniqueOrThrow({ where: { id: member.tenantId }, select: { name: true, slug: true, inboundAlias: true, timezone: true, createdAt: true } }),
    db().membership.count({ where }),
    db().invitation.count({ where: { ...where, acceptedAt: null, expiresAt: { gt: new Date() } } }),
  ]);
  return (
    <>
      <PageHeader title="Admin" description={`Settings of ${tenant.name}.`} />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-1">
          <CardHeader>
            <CardTitle>Workspace</CardTitle>
          </CardHeader>
          <CardContent>
            <dl className="space-y-2 text-sm">
              <div>
                <dt className="text-slate-600">Slug</dt>
                <dd className="font-mono">{tenant.slug}</dd>
              </div>
              <div>
                <dt className="text-slate-600">Inbound email alias</dt>
                <dd className="font-mono">{tenant.inboundAlias}</dd>
              </div>
              <div>
                <dt className="text-slate-600">Time zone</dt>
                <dd>{tenant.timezone}</dd>
              </div>
              <div>
                <dt className="text-slate-600">Members</dt>
                <dd data-testid="member-count">{members}</dd>
              </div>
              <div>
                <dt className="text-slate-600">Pending invitations</dt>
                <dd>{pendingInvitations}</dd>
              </div>
            </dl>
          </CardContent>
        </Card>
        <div className="grid gap-4 sm:grid-cols-2 lg:col-span-2">
          {SECTIONS.map((s) => (
            <Link key={s.href} href={s.href} className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-brand-600">
              <h2 className="font-semibold text-slate-900">{s.title}</h2>
              <p className="mt-1 text-sm text-slate-600">{s.text}</p>
            </Link>
          ))}
        </div>
      </div>
    </>
  );
}

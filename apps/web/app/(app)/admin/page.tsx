import type { Metadata } from 'next';
import Link from 'next/link';
import { loadConfig } from '@helpdesk/config';
import { adminOverview, onboardingChecklist, type OnboardingStep } from '@helpdesk/core';
import { PageHeader } from '@/components/shell/page-header';
import { TitledCard } from '@/components/ui/card';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';

export const metadata: Metadata = { title: 'Admin' };

const SECTIONS = [
  { href: '/admin/members', title: 'Members', text: 'Invite people, change roles, remove access.' },
  { href: '/admin/helpdesk', title: 'Helpdesk settings', text: 'SLA policies, business hours, macros, auto-close.' },
  { href: '/admin/tags', title: 'Tags', text: 'Rename, merge or delete tags, with their ticket counts.' },
  { href: '/admin/groups', title: 'Groups', text: 'Teams tickets are routed to, and their members.' },
  { href: '/admin/triage', title: 'Triage', text: 'Categories and the ticket classifier.' },
  { href: '/admin/escalation', title: 'AI escalation', text: 'When drafts go to the cloud model, and the monthly budget.' },
  { href: '/admin/api-keys', title: 'API keys', text: 'Keys for the REST API: create, see usage, revoke.' },
  { href: '/admin/channels', title: 'Channels', text: 'Inbound email webhook, its signing secret, the contact form link.' },
  { href: '/admin/prices', title: 'Model prices', text: 'The price catalog AI spend is computed from.' },
];

const STEP_TEXT: Record<OnboardingStep, { title: string; href: string; text: (inbound: string) => string }> = {
  categories: {
    title: 'Set up categories',
    href: '/admin/triage',
    text: () => 'Triage sorts tickets into them and learns from your corrections.',
  },
  article: {
    title: 'Publish a first article',
    href: '/knowledge',
    text: () => 'Drafts cite your knowledge base; without articles they have nothing to cite.',
  },
  inbound: {
    title: 'Receive mail at your inbound address',
    href: '/admin/channels',
    text: (address) => `Forward your support mailbox to ${address}; this ticks when the first mail arrives.`,
  },
  team: { title: 'Invite your team', href: '/admin/members', text: () => 'Agents answer tickets; admins change these settings.' },
  model: {
    title: 'Choose the AI model',
    href: '/admin/escalation',
    text: () => 'Drafts stay on the local model. Save the escalation policy to keep it that way or to allow a cloud model within a budget.',
  },
};

export default async function AdminPage() {
  const member = await requireMember('admin.settings');
  const [{ tenant, members, pendingInvitations }, checklist] = await Promise.all([
    adminOverview(db(), member.tenantId),
    onboardingChecklist(db(), member.tenantId),
  ]);
  const inbound = `${tenant.inboundAlias}@${loadConfig().MAIL_FROM_DOMAIN}`;
  const remaining = checklist.filter((c) => !c.done).length;
  return (
    <>
      <PageHeader title="Admin" description={`Settings of ${tenant.name}.`} />
      {remaining > 0 ? (
        <section
          aria-labelledby="onboarding-heading"
          className="mb-6 rounded-lg border border-brand-100 bg-white p-4 shadow-sm"
          data-testid="onboarding"
        >
          <h2 id="onboarding-heading" className="font-semibold text-slate-900">
            Get started: {checklist.length - remaining} of {checklist.length} done
          </h2>
          <ul className="mt-3 space-y-2 text-sm">
            {checklist.map((c) => (
              <li key={c.step} data-testid={`onboarding-${c.step}`} data-done={c.done} className="flex gap-2">
                <span aria-hidden="true" className={c.done ? 'text-green-700' : 'text-slate-500'}>
                  {c.done ? '✓' : '○'}
                </span>
                <span className="min-w-0">
                  <Link href={STEP_TEXT[c.step].href} className="font-medium text-brand-700 underline">
                    {STEP_TEXT[c.step].title}
                  </Link>
                  <span className="sr-only">{c.done ? ' (done)' : ' (to do)'}</span>
                  <span className="block break-words text-slate-700">{STEP_TEXT[c.step].text(inbound)}</span>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <TitledCard title="Workspace" className="lg:col-span-1">
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
        </TitledCard>
        <div className="grid gap-4 sm:grid-cols-2 lg:col-span-2">
          {SECTIONS.map((s) => (
            <Link
              key={s.href}
              href={s.href}
              className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-brand-600"
            >
              <h2 className="font-semibold text-slate-900">{s.title}</h2>
              <p className="mt-1 text-sm text-slate-600">{s.text}</p>
            </Link>
          ))}
        </div>
      </div>
    </>
  );
}

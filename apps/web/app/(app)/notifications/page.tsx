import type { Metadata } from 'next';
import { listNotifications } from '@helpdesk/core';
import { ActionForm } from '@/components/shell/action-form';
import { PageHeader } from '@/components/shell/page-header';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { db } from '@/lib/clients';
import { memberActor, requireMember } from '@/lib/session';
import { markNotificationsReadAction } from './actions';

export const metadata: Metadata = { title: 'Notifications' };
export const dynamic = 'force-dynamic';

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export default async function NotificationsPage() {
  const member = await requireMember('notifications.view');
  const { items, unread } = await listNotifications(db(), memberActor(member));
  return (
    <>
      <PageHeader
        title="Notifications"
        description={
          unread ? `${unread} unread. Workspace-wide notices such as budget alerts are marked read for the whole team.` : 'All read.'
        }
        actions={
          unread ? (
            <ActionForm action={markNotificationsReadAction} label="Mark all notifications as read">
              <Button type="submit" variant="secondary">
                Mark all as read
              </Button>
            </ActionForm>
          ) : null
        }
      />
      {items.length === 0 ? (
        <EmptyState title="No notifications yet" description="Budget alerts and other notices for you will appear here." />
      ) : (
        <ul
          className="max-w-3xl divide-y divide-slate-200 rounded-md border border-slate-200 bg-white"
          aria-label="Notifications, newest first"
        >
          {items.map((n) => (
            <li key={n.id} className="flex flex-wrap items-start justify-between gap-3 p-4">
              <div className="min-w-0">
                <p className="font-medium wrap-anywhere text-slate-900">
                  {n.read ? null : <span className="mr-2 rounded bg-brand-700 px-1.5 py-0.5 text-xs font-semibold text-white">Unread</span>}
                  {n.title}
                </p>
                <p className="mt-1 text-sm wrap-anywhere text-slate-700">{n.body}</p>
                <p className="mt-1 text-xs text-slate-600">
                  <time dateTime={n.createdAt.toISOString()}>{when.format(n.createdAt)} UTC</time>
                </p>
              </div>
              {n.read ? null : (
                <ActionForm action={markNotificationsReadAction} label={`Mark "${n.title}" as read`}>
                  <input type="hidden" name="id" value={n.id} />
                  <Button type="submit" variant="ghost" size="sm">
                    Mark as read
                  </Button>
                </ActionForm>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

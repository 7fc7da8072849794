import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/shell/page-header';
import { requireMember } from '@/lib/session';

export default async function Page() {
  await requireMember(['OWNER', 'ADMIN', 'AGENT']);
  return (
    <>
      <PageHeader title="Inbox" />
      <EmptyState title="No tickets yet" description="Tickets from email, the API and the web form will appear here." />
    </>
  );
}

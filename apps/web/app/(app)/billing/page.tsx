import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/shell/page-header';
import { requireMember } from '@/lib/session';

export default async function Page() {
  await requireMember(['OWNER', 'ADMIN', 'BILLING_VIEWER']);
  return (
    <>
      <PageHeader title="Billing" />
      <EmptyState title="No AI usage yet" description="The AI spend of this workspace will be shown here." />
    </>
  );
}

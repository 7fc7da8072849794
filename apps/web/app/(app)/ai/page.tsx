import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/shell/page-header';
import { requireMember } from '@/lib/session';

export default async function Page() {
  await requireMember(['OWNER', 'ADMIN', 'AGENT']);
  return (
    <>
      <PageHeader title="AI" />
      <EmptyState title="No AI activity yet" description="Triage, drafts and summaries produced for tickets will be listed here." />
    </>
  );
}

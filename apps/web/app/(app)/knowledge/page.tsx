import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/shell/page-header';
import { requireMember } from '@/lib/session';

export default async function Page() {
  await requireMember(['OWNER', 'ADMIN', 'AGENT']);
  return (
    <>
      <PageHeader title="Knowledge base" />
      <EmptyState title="No articles yet" description="Articles you write here ground the AI's reply drafts." />
    </>
  );
}

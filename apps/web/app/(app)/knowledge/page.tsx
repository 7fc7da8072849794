import Link from 'next/link';
import { listArticles } from '@helpdesk/knowledge';
import { PageHeader } from '@/components/shell/page-header';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { DataTable } from '@/components/ui/table';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';

export default async function KnowledgePage() {
  const member = await requireMember('knowledge.edit');
  const articles = await listArticles(db(), member.tenantId);
  const action = (
    <Button asChild>
      <Link href="/knowledge/new">New article</Link>
    </Button>
  );
  return (
    <>
      <PageHeader
        title="Knowledge base"
        description="Articles are split into passages, embedded and cited by AI reply drafts."
        actions={action}
      />
      {articles.length === 0 ? (
        <EmptyState title="No articles yet" description="Articles you write here ground the AI's reply drafts." />
      ) : (
        <DataTable
          columns={[
            {
              header: 'Title',
              className: 'max-w-md wrap-anywhere',
              cell: (a) => (
                <Link href={`/knowledge/${a.id}`} className="font-medium text-brand-800 underline">
                  {a.title}
                </Link>
              ),
            },
            { header: 'Status', cell: (a) => (a.published ? <Badge tone="success">Published</Badge> : <Badge>Draft</Badge>) },
            { header: 'Passages', cell: (a) => a._count.chunks },
            { header: 'Version', cell: (a) => a.version },
            { header: 'Updated', cell: (a) => a.updatedAt.toISOString().slice(0, 16).replace('T', ' ') },
          ]}
          rows={articles}
          rowKey={(a) => a.id}
        />
      )}
    </>
  );
}

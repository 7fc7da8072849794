import Link from 'next/link';
import { listArticles } from '@helpdesk/knowledge';
import { PageHeader } from '@/components/shell/page-header';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui/table';
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
        <Table>
          <THead>
            <TR>
              <TH scope="col">Title</TH>
              <TH scope="col">Status</TH>
              <TH scope="col">Passages</TH>
              <TH scope="col">Version</TH>
              <TH scope="col">Updated</TH>
            </TR>
          </THead>
          <TBody>
            {articles.map((a) => (
              <TR key={a.id}>
                <TD className="max-w-md wrap-anywhere">
                  <Link href={`/knowledge/${a.id}`} className="font-medium text-brand-800 underline">
                    {a.title}
                  </Link>
                </TD>
                <TD>{a.published ? <Badge tone="success">Published</Badge> : <Badge>Draft</Badge>}</TD>
                <TD>{a._count.chunks}</TD>
                <TD>{a.version}</TD>
                <TD>{a.updatedAt.toISOString().slice(0, 16).replace('T', ' ')}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </>
  );
}

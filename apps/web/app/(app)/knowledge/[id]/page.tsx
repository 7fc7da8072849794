import { notFound } from 'next/navigation';
import { getArticle } from '@helpdesk/knowledge';
import { NotFoundError } from '@helpdesk/db';
import { DeleteForm } from '@/components/shell/delete-form';
import { PageHeader } from '@/components/shell/page-header';
import { db } from '@/lib/clients';
import { requireMember } from '@/lib/session';
import { deleteArticleAction, updateArticleAction } from '../actions';
import { ArticleForm } from '../article-form';

export default async function EditArticlePage({ params }: { params: Promise<{ id: string }> }) {
  const member = await requireMember('knowledge.edit');
  const { id } = await params;
  const article = await getArticle(db(), member.tenantId, id).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const remove = (
    <DeleteForm
      action={deleteArticleAction}
      item={{ kind: 'article', name: article.title, idName: 'id', id: article.id }}
      description="Agents and drafts will no longer find it. This cannot be undone."
    />
  );
  return (
    <>
      <PageHeader title={`Edit: ${article.title}`} description={`Version ${article.version} · /${article.slug}`} actions={remove} />
      <ArticleForm action={updateArticleAction} article={article} submitLabel="Save changes" />
    </>
  );
}

import { PageHeader } from '@/components/shell/page-header';
import { requireMember } from '@/lib/session';
import { createArticleAction } from '../actions';
import { ArticleForm } from '../article-form';

export default async function NewArticlePage() {
  await requireMember('knowledge.edit');
  return (
    <>
      <PageHeader title="New article" />
      <ArticleForm action={createArticleAction} submitLabel="Create article" />
    </>
  );
}

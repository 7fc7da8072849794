import { NextResponse } from 'next/server';
import { createArticle, listArticles, type ArticleInput } from '@helpdesk/knowledge';
import { apiError, apiRoute } from '@/lib/api';
import { db } from '@/lib/clients';

export const GET = apiRoute(async (_req, { member }) => NextResponse.json({ articles: await listArticles(db(), member.tenantId) }), {
  can: 'knowledge.edit',
});

export const POST = apiRoute(
  async (req, { actor }) => {
    const body: unknown = await req.json().catch(() => undefined);
    if (!body || typeof body !== 'object') return apiError(400, 'invalid_json', 'body: must be a JSON object', 'body');
    return NextResponse.json({ article: await createArticle(db(), actor, body as ArticleInput) }, { status: 201 });
  },
  { can: 'knowledge.edit' },
);

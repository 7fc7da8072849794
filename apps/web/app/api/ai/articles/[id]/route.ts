import { NextResponse } from 'next/server';
import { z } from 'zod';
import { deleteArticle, getArticle, updateArticle, type ArticleInput } from '@helpdesk/knowledge';
import { apiError, apiRoute } from '@/lib/api';
import { db } from '@/lib/clients';

const expectedVersion = z.object({ expectedVersion: z.number().int().positive().optional() });

export const GET = apiRoute<{ id: string }>(
  async (_req, { member, params }) => NextResponse.json({ article: await getArticle(db(), member.tenantId, params.id) }),
  { can: 'knowledge.edit' },
);

export const PUT = apiRoute<{ id: string }>(
  async (req, { actor, params }) => {
    const body: unknown = await req.json().catch(() => undefined);
    if (!body || typeof body !== 'object') return apiError(400, 'invalid_json', 'body: must be a JSON object', 'body');
    const { expectedVersion: version } = expectedVersion.parse(body);
    return NextResponse.json({ article: await updateArticle(db(), actor, params.id, body as ArticleInput, version) });
  },
  { can: 'knowledge.edit' },
);

export const DELETE = apiRoute<{ id: string }>(
  async (_req, { actor, params }) => {
    await deleteArticle(db(), actor, params.id);
    return new NextResponse(null, { status: 204 });
  },
  { can: 'knowledge.edit' },
);

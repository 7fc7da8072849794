import { z } from 'zod';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  can,
  parseInput,
  type Actor,
  type Db,
  type KnowledgeArticle,
  type Tx,
} from '@helpdesk/db';
import { chunkMarkdown } from './chunking';

export const articleInput = z.object({
  title: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  bodyMarkdown: z.string().max(200_000, 'must be at most 200,000 characters').default(''),
  published: z.boolean().default(true),
});
export type ArticleInput = z.input<typeof articleInput>;

function assertEditor(actor: Actor): void {
  if (!can(actor, 'knowledge.edit')) throw new ForbiddenError('Only agents and admins can edit the knowledge base');
}

export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return slug || 'article';
}

async function uniqueSlug(tx: Tx, tenantId: string, title: string, exceptId?: string): Promise<string> {
  const base = slugify(title);
  const taken = await tx.knowledgeArticle.findMany({
    where: { tenantId, slug: { startsWith: base }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { slug: true },
  });
  const used = new Set(taken.map((t) => t.slug));
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Chunks are rewritten with the article (full-text search sees them at once); embeddings follow in the kbEmbed job. */
export async function writeChunks(tx: Tx, article: KnowledgeArticle): Promise<void> {
  await tx.knowledgeChunk.deleteMany({ where: { tenantId: article.tenantId, articleId: article.id } });
  if (!article.published) return;
  const texts = chunkMarkdown(article.title, article.bodyMarkdown);
  await tx.knowledgeChunk.createMany({
    data: texts.map((text, ordinal) => ({
      tenantId: article.tenantId,
      articleId: article.id,
      articleVersion: article.version,
      ordinal,
      text,
    })),
  });
}

async function announce(tx: Tx, article: KnowledgeArticle): Promise<void> {
  await tx.outboxEvent.create({
    data: {
      tenantId: article.tenantId,
      type: 'kb.article.changed',
      payload: { tenantId: article.tenantId, articleId: article.id, version: article.version },
    },
  });
}

export async function createArticle(db: Db, actor: Actor, raw: ArticleInput): Promise<KnowledgeArticle> {
  assertEditor(actor);
  const input = parseInput(articleInput, raw);
  return db.$transaction(async (tx) => {
    const article = await tx.knowledgeArticle.create({
      data: {
        tenantId: actor.tenantId,
        ...input,
        slug: await uniqueSlug(tx, actor.tenantId, input.title),
        createdById: actor.type === 'USER' ? actor.id : null,
      },
    });
    await writeChunks(tx, article);
    await announce(tx, article);
    return article;
  });
}

/** `expectedVersion` guards against overwriting a colleague's edit made since the form was opened. */
export async function updateArticle(
  db: Db,
  actor: Actor,
  id: string,
  raw: ArticleInput,
  expectedVersion?: number,
): Promise<KnowledgeArticle> {
  assertEditor(actor);
  const input = parseInput(articleInput, raw);
  return db.$transaction(async (tx) => {
    const current = await tx.knowledgeArticle.findFirst({ where: { id, tenantId: actor.tenantId } });
    if (!current) throw new NotFoundError('article');
    if (expectedVersion !== undefined && current.version !== expectedVersion) {
      throw new ConflictError('The article was changed by someone else; reload it', 'version');
    }
    const slug = current.title === input.title ? current.slug : await uniqueSlug(tx, actor.tenantId, input.title, id);
    const article = await tx.knowledgeArticle.update({
      where: { id, tenantId: actor.tenantId },
      data: { ...input, slug, version: { increment: 1 } },
    });
    await writeChunks(tx, article);
    await announce(tx, article);
    return article;
  });
}

export async function deleteArticle(db: Db, actor: Actor, id: string): Promise<void> {
  assertEditor(actor);
  await db.$transaction(async (tx) => {
    const current = await tx.knowledgeArticle.findFirst({ where: { id, tenantId: actor.tenantId } });
    if (!current) throw new NotFoundError('article');
    await tx.knowledgeArticle.delete({ where: { id, tenantId: actor.tenantId } });
    await tx.outboxEvent.create({
      data: {
        tenantId: actor.tenantId,
        type: 'kb.article.changed',
        payload: { tenantId: actor.tenantId, articleId: id, version: current.version + 1 },
      },
    });
  });
}

export async function listArticles(db: Db, tenantId: string) {
  return db.knowledgeArticle.findMany({
    where: { tenantId },
    orderBy: { updatedAt: 'desc' },
    select: { id: true, title: true, slug: true, published: true, version: true, updatedAt: true, _count: { select: { chunks: true } } },
  });
}

export async function getArticle(db: Db, tenantId: string, id: string): Promise<KnowledgeArticle> {
  const article = await db.knowledgeArticle.findFirst({ where: { id, tenantId } });
  if (!article) throw new NotFoundError('article');
  return article;
}

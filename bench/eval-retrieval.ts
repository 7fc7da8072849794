// `npm run eval:retrieval -- [--model PATH] [--embedding-model PATH]`: recall@5 and MRR of knowledge retrieval on the
// labelled questions the seed ships (prisma/seed/retrieval-questions.json) over the demo articles, with any GGUF:
// the configured one by default (EMBEDDING_MODEL_PATH, else MODEL_PATH, else the demo model). It also prints the
// absolute relevance of the best hit for answerable and unanswerable questions, the numbers an escalation
// "retrieval score below" threshold is chosen from. Runs in a scratch database; writes
// bench/results/retrieval-eval.json and prints a RESULT line.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createDb, type Actor } from '@helpdesk/db';
import { createArticle, embedArticle, KnowledgeIndex, rankKnowledge, withTaskPrefixes } from '@helpdesk/knowledge';
import { ModelRuntime } from '@helpdesk/llm';
import { manifestEntryForFile } from '@helpdesk/models/manifest';
import { ensureTinyModel, TINY_MODEL_PATH } from '@helpdesk/models/tiny-model';
import { createTestDatabase, makeTenant } from '@helpdesk/testkit';
import { demoArticles } from '../prisma/seed/articles';
import { median } from './figures';

process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD ??= 'true';
const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { model: { type: 'string' }, 'embedding-model': { type: 'string' } } });
const modelPath = path.resolve(ROOT, values.model ?? process.env.MODEL_PATH ?? (await ensureTinyModel()));
const embeddingPath = values['embedding-model'] ?? (values.model ? undefined : process.env.EMBEDDING_MODEL_PATH);

const labelled = z
  .object({ questions: z.array(z.object({ question: z.string().min(1), article: z.string().min(1).nullable() })).min(1) })
  .parse(JSON.parse(readFileSync(path.join(ROOT, 'prisma/seed/retrieval-questions.json'), 'utf8'))).questions;
const titles = new Set(demoArticles.map((a) => a.title));
const unknown = labelled.find((q) => q.article !== null && !titles.has(q.article));
if (unknown) throw new Error(`retrieval-questions.json names "${unknown.article}", which is not a demo article title`);

const database = await createTestDatabase('eval_retrieval');
const db = createDb(database.url, 4);
const runtime = await ModelRuntime.load({
  modelPath,
  embeddingModelPath: embeddingPath ? path.resolve(ROOT, embeddingPath) : undefined,
  threads: Number(process.env.LLAMA_THREADS ?? 2),
  sequences: 1,
  contextSize: 2048,
  gpu: process.env.LLAMA_GPU !== 'off',
});
try {
  const embedder = withTaskPrefixes(runtime, manifestEntryForFile(embeddingPath ?? modelPath)?.taskPrefixes);
  const tenantId = (await makeTenant(db, 'Retrieval eval (demo articles)')).id;
  const user = await db.user.create({ data: { email: `eval-${Date.now()}@retrieval.eval`, name: 'Eval' } });
  await db.membership.create({ data: { tenantId, userId: user.id, role: 'AGENT' } });
  const actor: Actor = { type: 'USER', id: user.id, tenantId, role: 'AGENT' };
  const idByTitle = new Map<string, string>();
  for (const a of demoArticles) {
    const article = await createArticle(db, actor, { title: a.title, bodyMarkdown: a.body });
    await embedArticle(db, embedder, { tenantId, articleId: article.id, version: article.version });
    idByTitle.set(a.title, article.id);
  }
  const index = new KnowledgeIndex(db, embedder);
  let hitsAt5 = 0;
  let reciprocal = 0;
  const answerableTop: number[] = [];
  const unanswerableTop: number[] = [];
  const misses: string[] = [];
  for (const q of labelled) {
    const hits = await rankKnowledge(db, index, tenantId, q.question, 5);
    const top = hits.reduce((m, h) => Math.max(m, h.score), 0);
    if (q.article === null) {
      unanswerableTop.push(top);
      continue;
    }
    answerableTop.push(top);
    const rank = hits.findIndex((h) => h.articleId === idByTitle.get(q.article!));
    if (rank >= 0) {
      hitsAt5++;
      reciprocal += 1 / (rank + 1);
    } else misses.push(q.question);
  }
  const answerable = answerableTop.length;
  const mean = (xs: number[]) => (xs.length ? Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 1000) / 1000 : null);
  const result = {
    model: path.basename(embeddingPath ?? modelPath),
    demo_model: runtime.demo || path.resolve(modelPath) === TINY_MODEL_PATH,
    task_prefixes: Boolean(embedder.taskPrefixes),
    questions: answerable,
    unanswerable_questions: unanswerableTop.length,
    recall_at_5: Math.round((hitsAt5 / answerable) * 1000) / 1000,
    mrr: Math.round((reciprocal / answerable) * 1000) / 1000,
    top_score_answerable: {
      mean: mean(answerableTop),
      median: answerableTop.length ? Math.round(median(answerableTop) * 1000) / 1000 : null,
    },
    top_score_unanswerable: { mean: mean(unanswerableTop), max: unanswerableTop.length ? Math.max(...unanswerableTop) : null },
  };
  console.log(`${result.model}${result.demo_model ? ' (demo model: random weights, only full-text evidence counts)' : ''}`);
  console.log(`recall@5 ${result.recall_at_5} (${hitsAt5}/${answerable}), MRR ${result.mrr}`);
  console.log(
    `best-hit relevance: answerable mean ${result.top_score_answerable.mean}, unanswerable mean ${result.top_score_unanswerable.mean} (max ${result.top_score_unanswerable.max})`,
  );
  if (misses.length) console.log(`not in the top 5:\n  ${misses.join('\n  ')}`);
  const out = path.join(ROOT, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'retrieval-eval.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`RESULT ${JSON.stringify(result)}`);
} finally {
  await runtime.dispose();
  await db.$disconnect();
  await database.drop();
}

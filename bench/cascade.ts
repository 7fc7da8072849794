/**
 * npm run bench:cascade — what the cascade spares the local model. For held-back banking77 tickets, the
 * local model's prompt + output tokens when the tenant's classifier is confident ('final': the model is
 * asked only for priority, sentiment, language and summary) against the same tickets with no classifier
 * (the model also scores every category and `other`). Goal: ≥ 3× fewer.
 *
 * Data: banking77 train.csv from ../shared/data (SHARED_DATA_DIR overrides), split per category with a
 * fixed seed: a classifier is trained on BENCH_TRAIN_PER_CATEGORY (25) texts per category of one part,
 * BENCH_TICKETS (40) tickets come from the other. Nothing is tuned here. MODEL_PATH picks the model
 * (default: the tiny demo model, whose answers are noise but whose token counts are real).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generateTriage, planCategory, type TriageAttempt } from '@helpdesk/ai';
import { ensureTinyModel } from '@helpdesk/models/tiny-model';
import { ModelRuntime } from '@helpdesk/llm';
import { cascadeDecision, parseBankingCsv, predict, stratifiedSplit, trainClassifier, type Example } from '@helpdesk/classifier';

process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD ??= 'true';
const TRAIN_PER_CATEGORY = Number(process.env.BENCH_TRAIN_PER_CATEGORY ?? 25);
const TICKETS = Number(process.env.BENCH_TICKETS ?? 40);
const SEED = 12;

const dataDir = [process.env.SHARED_DATA_DIR, path.resolve(import.meta.dirname, '../../shared/data'), '/work/shared/data']
  .filter((d): d is string => Boolean(d))
  .find((d) => existsSync(path.join(d, 'banking77', 'train.csv')));
if (!dataDir) throw new Error('banking77/train.csv not found: set SHARED_DATA_DIR');
const all = parseBankingCsv(readFileSync(path.join(dataDir, 'banking77', 'train.csv'), 'utf8'));
const { fit, held } = stratifiedSplit(all, 0.2, SEED);
const perCategory = new Map<string, number>();
const train = fit.filter((e) => {
  const n = perCategory.get(e.label) ?? 0;
  perCategory.set(e.label, n + 1);
  return n < TRAIN_PER_CATEGORY;
});
// Every k-th held-back ticket: spread over the categories, the same on every run.
const step = Math.floor(held.length / TICKETS);
const tickets = Array.from({ length: TICKETS }, (_, i) => held[i * step]!);

const keys = [...new Set(all.map((e) => e.label))].sort();
const taxonomy = { categories: keys.map((key) => ({ key, name: key.replace(/_/g, ' '), description: null })) };
const subjectOf = (e: Example) => e.text.split(/\s+/).slice(0, 6).join(' ');

const modelPath = process.env.MODEL_PATH ?? (await ensureTinyModel());
// Each mode gets a fresh runtime, two sequences (the worker's default) and all tickets in turn, so each
// keeps its own prompt prefixes warm and neither inherits the other's cache.
const load = () =>
  ModelRuntime.load({ modelPath, threads: Number(process.env.LLAMA_THREADS ?? 1), sequences: 2, contextSize: 4096, gpu: false });
const probe = await load();
const modelId = probe.modelId;
console.log(
  `Model: ${modelId}${probe.demo ? ' (demo model, random weights)' : ''} · banking77 train.csv, seed ${SEED} · ${new Date().toISOString()}`,
);
await probe.dispose();

const started = performance.now();
const classifier = trainClassifier(train);
console.log(
  `classifier: ${train.length} texts (${TRAIN_PER_CATEGORY} per category), trained in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);

const spent = (r: TriageAttempt) => ({ total: r.tokensIn + r.tokensOut, evaluated: r.promptTokensEvaluated + r.tokensOut });
const asTicket = (e: Example) => ({ tenantId: 'bench', taxonomy, subject: subjectOf(e), text: e.text });
const plans = tickets.map((e) => {
  const prediction = predict(classifier, e.text);
  return { final: cascadeDecision(prediction) === 'final', ask: planCategory(prediction, keys).ask };
});

async function pass(allowedKeys: (i: number) => string[] | null) {
  const runtime = await load();
  const out = [];
  for (const [i, e] of tickets.entries()) out.push(spent(await generateTriage(runtime, { ...asTicket(e), allowedKeys: allowedKeys(i) })));
  await runtime.dispose();
  return out;
}
const cascade = await pass((i) => plans[i]!.ask);
const alone = await pass(() => keys);

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const settled = plans.map((p, i) => (p.final ? i : -1)).filter((i) => i >= 0);
const f = {
  n: settled.length,
  with: sum(settled.map((i) => cascade[i]!.total)),
  without: sum(settled.map((i) => alone[i]!.total)),
  withEval: sum(settled.map((i) => cascade[i]!.evaluated)),
  withoutEval: sum(settled.map((i) => alone[i]!.evaluated)),
};
const sums = { all: { with: sum(cascade.map((c) => c.total)), without: sum(alone.map((c) => c.total)) } };

const row = (label: string, a: string, b: string, verdict: string) =>
  console.log(`${label.padEnd(58)} ${a.padStart(10)} ${b.padStart(10)}   ${verdict}`);
row('local tokens per ticket', 'cascade', 'no clf', '');
if (f.n === 0) {
  console.log('The classifier settled none of the tickets: no ratio to report.');
  process.exit(1);
}
const ratio = f.without / f.with;
row(
  `prompt + output, classifier final (${f.n} of ${TICKETS} tickets)`,
  (f.with / f.n).toFixed(0),
  (f.without / f.n).toFixed(0),
  `${ratio.toFixed(1)}× fewer ${ratio >= 3 ? 'PASS' : 'FAIL'} (goal ≥ 3×)`,
);
row(
  '  of which evaluated (prompt prefix reused)',
  (f.withEval / f.n).toFixed(0),
  (f.withoutEval / f.n).toFixed(0),
  `${(f.withoutEval / f.withEval).toFixed(1)}× fewer`,
);
row(
  `prompt + output, all ${TICKETS} tickets`,
  (sums.all.with / TICKETS).toFixed(0),
  (sums.all.without / TICKETS).toFixed(0),
  `${(sums.all.without / sums.all.with).toFixed(1)}× fewer`,
);
console.log(`RESULT ${JSON.stringify({ model: modelId, token_ratio: +ratio.toFixed(2), settled: f.n, tickets: TICKETS })}`);
process.exit(ratio >= 3 ? 0 : 1);

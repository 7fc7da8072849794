import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultClassifierOptions, stratifiedSplit, trainClassifier } from '../classifier';
import { DatasetFormatError, OUT_OF_SCOPE, parseBankingCsv, parseClincJson, readDatasetFile, type Example } from '../datasets';
import { evaluate } from '../evaluation';
import { renderReportHtml } from '../report-html';
import { serializeClassifier } from '../serialization';

const USAGE = `usage: npm run -s eval -- --dataset banking77|clinc150 --train <file> [--test <file>] [--test-split val|test] [--holdout 0.2] [--seed 1]
                   [--oos-training classes|none] [--folds 4] [--inner 0.2] [--out reports]

  --holdout F          score a seeded, stratified share F of the train file instead of a test file
  --oos-training none  clinc150: keep the out-of-scope examples out of training (as a tenant has none);
                       out of scope is then detected from the in-scope score alone
  --folds K            cross-fitting folds for calibration and thresholds (default ${defaultClassifierOptions.folds})
  --inner F            development: split the training data once more (seed + 1) and score that share of it,
                       so choices are compared without reading the split named above (scores are ...-inner)

Everything the model chooses (temperature, out-of-scope floor, settle threshold) is fitted inside the
training data; the scored split chooses nothing. The last line of stdout is RESULT {json}.`;

class UsageError extends Error {}

function progress(label: string, done: number, total: number): void {
  if (!process.stderr.isTTY && done !== total && done % Math.max(1, Math.floor(total / 10)) !== 0) return;
  const width = 30;
  const filled = Math.round((done / Math.max(1, total)) * width);
  process.stderr.write(
    `\r${label.padEnd(10)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`,
  );
}

function clincSplits(file: string, names: string[]): Example[] {
  const splits = parseClincJson(readDatasetFile(file), file);
  const missing = names.filter((n) => !(n in splits));
  if (missing.length === names.length) throw new DatasetFormatError(file, 1, `none of the splits ${names.join(', ')} is present`);
  return names.flatMap((n) => splits[n] ?? []);
}

function loadData(
  dataset: string,
  train: string,
  test: string | undefined,
  split: string,
  holdout: number | undefined,
  seed: number,
): { fit: Example[]; held: Example[]; oos: string | null } {
  if (dataset === 'banking77') {
    const all = parseBankingCsv(readDatasetFile(train), train);
    if (test) return { fit: all, held: parseBankingCsv(readDatasetFile(test), test), oos: null };
    if (holdout === undefined) throw new UsageError('banking77 needs --test <csv> or --holdout <fraction>');
    const { fit, held } = stratifiedSplit(all, holdout, seed);
    return { fit, held, oos: null };
  }
  if (dataset === 'clinc150') {
    if (split !== 'val' && split !== 'test') throw new UsageError(`--test-split must be val or test, not "${split}"`);
    // Scoring on the official test split may train on train and val together; scoring on val must not.
    const trainNames = split === 'test' ? ['train', 'val', 'oos_train', 'oos_val'] : ['train', 'oos_train'];
    const all = clincSplits(train, trainNames);
    if (test) return { fit: all, held: clincSplits(test, [split, `oos_${split}`]), oos: OUT_OF_SCOPE };
    if (holdout !== undefined) {
      const { fit, held } = stratifiedSplit(clincSplits(train, ['train', 'oos_train']), holdout, seed);
      return { fit, held, oos: OUT_OF_SCOPE };
    }
    if (split === 'val') return { fit: all, held: clincSplits(train, ['val', 'oos_val']), oos: OUT_OF_SCOPE };
    throw new UsageError('clinc150 --test-split test needs --test <json>');
  }
  throw new UsageError(`unknown dataset "${dataset}" (expected banking77 or clinc150)`);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string' },
      train: { type: 'string' },
      test: { type: 'string' },
      'test-split': { type: 'string', default: 'test' },
      holdout: { type: 'string' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string', default: 'reports' },
      'oos-training': { type: 'string', default: 'classes' },
      folds: { type: 'string' },
      inner: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.dataset || !values.train) throw new UsageError('--dataset and --train are required');
  const oosTraining = values['oos-training'];
  if (oosTraining !== 'classes' && oosTraining !== 'none')
    throw new UsageError(`--oos-training must be classes or none, not "${oosTraining}"`);
  const folds = values.folds === undefined ? defaultClassifierOptions.folds : Number(values.folds);
  if (!Number.isInteger(folds) || folds < 2) throw new UsageError('--folds must be an integer of at least 2');
  const holdout = values.holdout === undefined ? undefined : Number(values.holdout);
  if (holdout !== undefined && !(holdout > 0 && holdout < 1)) throw new UsageError('--holdout must be a fraction between 0 and 1');
  const inner = values.inner === undefined ? undefined : Number(values.inner);
  if (inner !== undefined && !(inner > 0 && inner < 1)) throw new UsageError('--inner must be a fraction between 0 and 1');
  const seed = Number(values.seed);
  const outer = values.test ? values['test-split'] : holdout !== undefined ? 'holdout' : values['test-split'];
  const split = inner === undefined ? outer : `${outer}-inner`;
  const loaded = loadData(values.dataset, values.train, values.test, values['test-split'], holdout, seed);
  // The outer held split is dropped unread; the inner one comes from the training data alone.
  const data = inner === undefined ? loaded : { ...stratifiedSplit(loaded.fit, inner, seed + 1), oos: loaded.oos };
  const { held, oos } = data;
  if (held.length === 0) throw new UsageError('the test split is empty');
  // A tenant has no out-of-scope class: with `none` the model never sees one and must tell from its scores.
  const fit = oosTraining === 'none' ? data.fit.filter((e) => e.label !== oos) : data.fit;

  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const classifier = trainClassifier(fit, {
    folds,
    outOfScopeLabel: oosTraining === 'none' ? null : oos,
    onProgress: (done, total, phase) => progress(`train:${phase}`, done, total),
  });
  const trainMs = Math.round(performance.now() - started);
  // On a shared machine wall time says more about the neighbours than about the fit; CPU time does not.
  const cpu = process.cpuUsage(cpuStarted);
  const trainCpuMs = Math.round((cpu.user + cpu.system) / 1000);
  const cpuScoring = process.cpuUsage();
  const evaluation = evaluate(classifier, held, oos, (done, total) => progress('evaluate', done, total));
  const scoring = process.cpuUsage(cpuScoring);

  const result: Record<string, unknown> = {
    dataset: values.dataset,
    split,
    n: evaluation.n,
    accuracy: round(evaluation.accuracy),
    macro_f1: round(evaluation.macroF1),
    ece: round(evaluation.ece),
    coverage_at_97: round(evaluation.settled.coverage),
    settled_accuracy: round(evaluation.settled.accuracy),
    settle_threshold: round(evaluation.settled.threshold),
    settle_threshold_fitted: evaluation.settled.fitted,
    crossfit_ece: classifier.crossFit ? round(classifier.crossFit.ece) : null,
    crossfit_accuracy: classifier.crossFit ? round(classifier.crossFit.accuracy) : null,
    bayes_weight: classifier.crossFit?.blend?.weight ?? null,
    bayes_smoothing: classifier.crossFit?.blend?.smoothing ?? null,
    folds,
    oos_training: oos === null ? null : oosTraining,
    train_examples: fit.length,
    train_ms: trainMs,
    train_cpu_ms: trainCpuMs,
    model_bytes: serializeClassifier(classifier).length,
    ms_per_item: round(evaluation.msPerItem),
    cpu_ms_per_item: round((scoring.user + scoring.system) / 1000 / held.length),
  };
  if (evaluation.outOfScope) {
    result.in_scope_accuracy = round(evaluation.outOfScope.inScopeAccuracy);
    result.oos_recall = round(evaluation.outOfScope.recall);
    result.oos_precision = round(evaluation.outOfScope.precision);
  }
  const outDir = values.out;
  mkdirSync(outDir, { recursive: true });
  const base = join(outDir, `eval-${values.dataset}-${split}${oos !== null && oosTraining === 'none' ? '-oos-none' : ''}`);
  writeFileSync(
    `${base}.json`,
    JSON.stringify(
      { result, temperature: classifier.temperature, inScopeFloor: classifier.inScopeFloor, crossFit: classifier.crossFit, ...evaluation },
      null,
      2,
    ),
  );
  writeFileSync(`${base}.html`, renderReportHtml(`${values.dataset} — ${split}`, result, evaluation));

  const worst = [...evaluation.perClass].sort((a, b) => a.f1 - b.f1).slice(0, 5);
  console.log(
    `${values.dataset} ${split}: n=${evaluation.n} accuracy=${pct(evaluation.accuracy)} macro-F1=${pct(evaluation.macroF1)} ECE=${evaluation.ece.toFixed(4)}`,
  );
  if (evaluation.outOfScope) {
    const o = evaluation.outOfScope;
    console.log(`in-scope accuracy=${pct(o.inScopeAccuracy)} out-of-scope recall=${pct(o.recall)} precision=${pct(o.precision)}`);
  }
  const t = evaluation.settled;
  console.log(
    `cascade settles ${pct(t.coverage)} at confidence >= ${t.threshold.toFixed(3)} (${t.fitted ? 'fitted by cross-fitting' : 'default threshold'}), ${pct(t.accuracy)} of them right`,
  );
  console.log(`weakest classes: ${worst.map((c) => `${c.key} F1=${c.f1.toFixed(2)}`).join(', ')}`);
  console.log(
    `top confusions: ${evaluation.confusions
      .slice(0, 5)
      .map((c) => `${c.actual}→${c.predicted} ×${c.count}`)
      .join(', ')}`,
  );
  console.log(
    `coverage/accuracy: ${evaluation.curve
      .filter((_, i) => i % 2 === 0)
      .map((p) => `${pct(p.escalationRate)}→${pct(p.accuracy)}`)
      .join(' ')}`,
  );
  console.log(`reports: ${base}.json ${base}.html`);
  console.log(`RESULT ${JSON.stringify(result)}`);
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

try {
  main();
} catch (error) {
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`error: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (error instanceof DatasetFormatError) {
    console.error(`error: malformed input ${error.message}`);
    process.exit(1);
  }
  if ((error as { code?: string }).code === 'ENOENT') {
    console.error(`error: ${(error as Error).message}`);
    process.exit(1);
  }
  throw error;
}

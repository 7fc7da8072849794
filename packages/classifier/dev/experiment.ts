/**
 * Development harness: k-fold cross-validation INSIDE the training data (banking77: the 80 % fit part of the
 * eval's seeded holdout split; clinc150: `train`, in scope only). It never reads the holdout or `val`.
 *   npx tsx packages/classifier/dev/experiment.ts --dataset banking77 --use-folds 0,1 --models cs,nb,ovr
 */
import { parseArgs } from 'node:util';
import { stratifiedFolds, stratifiedSplit } from '../src/classifier';
import { fitTemperature } from '../src/calibration';
import { parseBankingCsv, parseClincJson, readDatasetFile, type Example } from '../src/datasets';
import { blendModels, naiveBayesModel, scoresInto, trainLinearModel, type LinearModel } from '../src/linear-model';
import { defaultFeatureOptions, fitFeatureSpace, vectorize, type FeatureOptions } from '../src/text-features';
import { trainOvrSvm } from './ovr';
import { mlpScores, trainMlp, type Mlp } from './mlp';

const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'banking77' },
    folds: { type: 'string', default: '4' },
    'use-folds': { type: 'string', default: '0,1,2,3' },
    models: { type: 'string', default: 'cs,nb,csnb' },
    feat: { type: 'string', default: '{}' },
    c: { type: 'string', default: '1' },
  },
});
const DATA = '/work/shared/data';
function load(): Example[] {
  if (values.dataset === 'banking77') {
    const all = parseBankingCsv(readDatasetFile(`${DATA}/banking77/train.csv`));
    return stratifiedSplit(all, 0.2, 1).fit;
  }
  return parseClincJson(readDatasetFile(`${DATA}/clinc150/train_val.json`)).train!;
}
const examples = load();
const labels = [...new Set(examples.map((e) => e.label))].sort();
const index = new Map(labels.map((l, i) => [l, i]));
const K = labels.length;
const folds = Number(values.folds);
const foldOf = stratifiedFolds(examples, folds, 101);
const feat: FeatureOptions = { ...defaultFeatureOptions, ...JSON.parse(values.feat!) };
const modelNames = values.models!.split(',');
const cs = values.c!.split(',').map(Number);

type Trainer = (xs: ReturnType<typeof vectorize>[], ys: Int32Array, F: number) => LinearModel;
const trainers: Record<string, Trainer> = {
  cs: (xs, ys, F) => trainLinearModel(xs, ys, F, K, { loss: 'hinge', epochs: 10, learningRate: 0.2, l2: 3e-5, seed: 7 }),
  nb: (xs, ys, F) => naiveBayesModel(xs, ys, F, K, 0.01),
  lr: (xs, ys, F) => trainLinearModel(xs, ys, F, K, { loss: 'softmax', epochs: 10, learningRate: 0.5, l2: 1e-6, seed: 7 }),
};
for (const copies of [2, 3, 4]) {
  trainers[`csavg${copies}`] = (xs, ys, F) => {
    const models = Array.from({ length: copies }, (_, i) =>
      trainLinearModel(xs, ys, F, K, { loss: 'hinge', epochs: 10, learningRate: 0.2, l2: 3e-5, seed: 7 + i }),
    );
    return {
      features: F,
      classes: K,
      weights: models[0]!.weights.map((_, j) => models.reduce((s, m) => s + m.weights[j]!, 0) / copies),
      bias: models[0]!.bias.map((_, j) => models.reduce((s, m) => s + m.bias[j]!, 0) / copies),
    };
  };
}
for (const c of cs) {
  trainers[`ovr${c}`] = (xs, ys, F) => trainOvrSvm(xs, ys, F, K, { c, epochs: 30, seed: 7 });
  trainers[`ovrl1_${c}`] = (xs, ys, F) => trainOvrSvm(xs, ys, F, K, { c, epochs: 30, seed: 7, loss: 'l1' });
}

const scoresByModel = new Map<string, Float32Array[]>();
const allYs: number[] = [];
const useFolds = values['use-folds']!.split(',').map(Number);
const times = new Map<string, number>();
for (const f of useFolds) {
  const train = examples.filter((_, i) => foldOf[i] !== f);
  const test = examples.filter((_, i) => foldOf[i] === f);
  const t0 = performance.now();
  const space = fitFeatureSpace(
    train.map((e) => e.text),
    feat,
  );
  const xs = train.map((e) => vectorize(space, e.text));
  const ys = Int32Array.from(train.map((e) => index.get(e.label)!));
  const tx = test.map((e) => vectorize(space, e.text));
  times.set('features', (times.get('features') ?? 0) + performance.now() - t0);
  test.forEach((e) => allYs.push(index.get(e.label)!));
  const cache = new Map<string, LinearModel>();
  const mlps = new Map<string, Mlp>();
  const get = (name: string): LinearModel => {
    if (!cache.has(name)) {
      const t = performance.now();
      cache.set(name, trainers[name]!(xs, ys, space.buckets.length));
      times.set(name, (times.get(name) ?? 0) + performance.now() - t);
    }
    return cache.get(name)!;
  };
  for (const name of modelNames) {
    const m = /^cs_e(\d+)_l([\d.e-]+)_r([\d.]+)$/.exec(name.split('+')[0]!);
    if (m && !trainers[m[0]])
      trainers[m[0]] = (xs2, ys2, F) =>
        trainLinearModel(xs2, ys2, F, K, { loss: 'hinge', epochs: Number(m[1]), learningRate: Number(m[3]), l2: Number(m[2]), seed: 7 });
    const ml = /^lr_e(\d+)_l([\d.e-]+)_r([\d.]+)$/.exec(name.split('+')[0]!);
    if (ml && !trainers[ml[0]])
      trainers[ml[0]] = (xs2, ys2, F) =>
        trainLinearModel(xs2, ys2, F, K, {
          loss: 'softmax',
          epochs: Number(ml[1]),
          learningRate: Number(ml[3]),
          l2: Number(ml[2]),
          seed: 7,
        });
    const mm = /^mlp_h(\d+)_e(\d+)_r([\d.]+)_d([\d.]+)/.exec(name);
    const out = scoresByModel.get(name) ?? [];
    if (mm) {
      const key = mm[0];
      if (!mlps.has(key)) {
        const t = performance.now();
        mlps.set(
          key,
          trainMlp(xs, ys, space.buckets.length, K, { hidden: +mm[1]!, epochs: +mm[2]!, lr: +mm[3]!, dropout: +mm[4]!, seed: 7 }),
        );
        times.set(key, (times.get(key) ?? 0) + performance.now() - t);
      }
      const nbw = /\+nb([\d.]+)$/.exec(name);
      const s2 = new Float32Array(K);
      for (const x of tx) {
        const s = new Float32Array(K);
        mlpScores(mlps.get(key)!, x, s);
        if (nbw) {
          scoresInto(get('nb'), x, s2);
          for (let k = 0; k < K; k++) s[k]! += Number(nbw[1]) * s2[k]!;
        }
        out.push(s);
      }
      scoresByModel.set(name, out);
      continue;
    }
    let model: LinearModel;
    const blend = /^(.+?)\+nb([\d.]+)(?:@([\d.e-]+))?$/.exec(name);
    if (blend && blend[3] && !trainers[`nb@${blend[3]}`])
      trainers[`nb@${blend[3]}`] = (xs2, ys2, F) => naiveBayesModel(xs2, ys2, F, K, Number(blend[3]));
    if (blend) model = blendModels(get(blend[1]!), get(blend[3] ? `nb@${blend[3]}` : 'nb'), Number(blend[2]));
    else model = get(name);
    for (const x of tx) {
      const s = new Float32Array(K);
      scoresInto(model, x, s);
      out.push(s);
    }
    scoresByModel.set(name, out);
  }
  process.stderr.write(`fold ${f} done (F=${space.buckets.length})\n`);
}
const ys = Int32Array.from(allYs);
function acc(scores: Float32Array[]): { acc: number; bal: number } {
  const ok = new Float64Array(K);
  const cnt = new Float64Array(K);
  let total = 0;
  scores.forEach((s, n) => {
    let b = 0;
    for (let k = 1; k < K; k++) if (s[k]! > s[b]!) b = k;
    cnt[ys[n]!]!++;
    if (b === ys[n]) {
      ok[ys[n]!]!++;
      total++;
    }
  });
  let bal = 0;
  for (let k = 0; k < K; k++) bal += ok[k]! / Math.max(1, cnt[k]!) / K;
  return { acc: total / scores.length, bal };
}
const logp = new Map<string, Float32Array[]>();
for (const [name, scores] of scoresByModel) {
  const t = fitTemperature(scores, ys);
  logp.set(
    name,
    scores.map((s) => {
      let m = -Infinity;
      for (const v of s) m = Math.max(m, v / t);
      let z = 0;
      for (const v of s) z += Math.exp(v / t - m);
      return s.map((v) => v / t - m - Math.log(z));
    }),
  );
  const r = acc(scores);
  console.log(
    `${values.dataset} ${name}: acc=${(r.acc * 100).toFixed(2)} bal=${(r.bal * 100).toFixed(2)} T=${t.toFixed(3)} ms=${Math.round(times.get(name) ?? 0)}`,
  );
}
// Pairwise ensembles: mean of calibrated probabilities.
const names = [...scoresByModel.keys()];
for (let a = 0; a < names.length; a++)
  for (let b = a + 1; b < names.length; b++) {
    const pa = logp.get(names[a]!)!;
    const pb = logp.get(names[b]!)!;
    const mix = pa.map((s, n) => s.map((v, k) => Math.exp(v) + Math.exp(pb[n]![k]!)));
    const r = acc(mix);
    console.log(`${values.dataset} ens(${names[a]},${names[b]}): acc=${(r.acc * 100).toFixed(2)} bal=${(r.bal * 100).toFixed(2)}`);
  }
console.log(`feature ms=${Math.round(times.get('features') ?? 0)} feat=${JSON.stringify(feat)}`);

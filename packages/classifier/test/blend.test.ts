import { describe, expect, it } from 'vitest';
import { chooseBlend, defaultClassifierOptions } from '../src/classifier';
import { blendModels, mulberry32, naiveBayesModel, scoresInto } from '../src/linear-model';
import { predict, trainClassifier } from '../src/index';
import { rowsOf } from './fixtures';

const one = (f: number) => ({ idx: Int32Array.from([f]), val: Float32Array.from([1]) });

describe('naive Bayes blend', () => {
  it('naive Bayes weights are the smoothed class-conditional log-probabilities, centred across classes', () => {
    // Class 0 used feature 0 three times and feature 1 once; class 1 used feature 2 twice.
    const xs = [one(0), one(0), one(0), one(1), one(2), one(2)];
    const ys = Int32Array.from([0, 0, 0, 0, 1, 1]);
    const a = 0.5;
    const nb = naiveBayesModel(xs, ys, 3, 2, a);
    const logP = (count: number, mass: number) => Math.log((count + a) / (mass + 3 * a));
    // Differences between classes are exactly those of log P(f | k), so softmax and argmax are naive Bayes'.
    expect(nb.weights[0 * 2 + 0]! - nb.weights[0 * 2 + 1]!).toBeCloseTo(logP(3, 4) - logP(0, 2), 5);
    expect(nb.weights[2 * 2 + 0]! - nb.weights[2 * 2 + 1]!).toBeCloseTo(logP(0, 4) - logP(2, 2), 5);
    for (let f = 0; f < 3; f++) expect(nb.weights[f * 2]! + nb.weights[f * 2 + 1]!).toBeCloseTo(0, 5);
    expect(nb.bias[0]! - nb.bias[1]!).toBeCloseTo(Math.log(5 / 3), 5);
    const scores = new Float32Array(2);
    scoresInto(blendModels(nb, nb, 1), one(2), scores);
    expect(scores[1]! - scores[0]!).toBeCloseTo(2 * (logP(2, 2) - logP(0, 4) + Math.log(3 / 5)), 4);
  });

  it('keeps naive Bayes out when its scores only add noise, and takes it in when it fixes the hinge errors', () => {
    const random = mulberry32(5);
    const n = 400;
    const ys = Int32Array.from({ length: n }, (_, i) => i % 3);
    // The hinge scores are right on about 80 % of the items; where they are wrong, the Bayes scores are right.
    const wrong = Array.from({ length: n }, () => random() < 0.2);
    const hinge = Array.from(ys, (y, i) => Float32Array.from([0, 1, 2], (k) => (k === (wrong[i] ? (y + 1) % 3 : y) ? 1 : 0)));
    const helpful = Array.from(ys, (y) => Float32Array.from([0, 1, 2], (k) => (k === y ? 30 : 0)));
    const noise = Array.from(ys, () => Float32Array.from([0, 1, 2], () => random() * 100));
    const grid = { smoothings: [0.1, 0.2], weights: [0, 0.01, 0.05, 0.1] };
    const hingeAccuracy = wrong.filter((w) => !w).length / n;
    expect(chooseBlend(hinge, [noise, noise], ys, grid)).toEqual({ smoothing: 0.1, weight: 0, accuracy: hingeAccuracy });
    const chosen = chooseBlend(hinge, [noise, helpful], ys, grid);
    expect(chosen).toMatchObject({ smoothing: 0.2, accuracy: 1 });
    // The smallest weight that fixes every error: 30 × 0.05 outweighs the hinge's wrong unit margin.
    expect(chosen.weight).toBe(0.05);
  });

  it('chooses the blend on out-of-fold predictions of the training labels only, and serves that blend', () => {
    const categories = ['card_arrival', 'exchange_rate', 'lost_or_stolen_card', 'cash_withdrawal_charge', 'terminate_account'];
    const train = rowsOf(categories, 40);
    const probe = rowsOf(categories, 15, 60);
    const hingeOnly = trainClassifier(train, { blend: { smoothings: [0.01], weights: [0] } });
    const blended = trainClassifier(train, { blend: { smoothings: [0.01], weights: [0.05] } });
    const chosen = trainClassifier(train);
    expect(hingeOnly.crossFit!.blend).toEqual({ smoothing: 0.01, weight: 0 });
    expect(blended.crossFit!.blend).toEqual({ smoothing: 0.01, weight: 0.05 });
    // The choice is a grid entry, and what the probe set says plays no part in it: the default grid's
    // out-of-fold accuracy is at least that of the hinge model alone on the same folds.
    expect(defaultClassifierOptions.blend.weights).toContain(chosen.crossFit!.blend!.weight);
    expect(chosen.crossFit!.accuracy).toBeGreaterThanOrEqual(hingeOnly.crossFit!.accuracy);
    // The served weights are the blend: forcing weight 0.05 changes the served scores, not just a label.
    const a = predict(hingeOnly, probe[0]!.text).ranked;
    const b = predict(blended, probe[0]!.text).ranked;
    expect(b.map((r) => r.prob)).not.toEqual(a.map((r) => r.prob));
    const right = probe.filter((e) => predict(chosen, e.text).ranked[0]!.key === e.label).length;
    expect(right / probe.length).toBeGreaterThan(0.85);
  });
});

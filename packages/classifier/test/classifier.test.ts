import { describe, expect, it } from 'vitest';
import { coverageCurve, deserializeClassifier, thresholdForAccuracy, expectedCalibrationError, parseBankingCsv, predict, serializeClassifier, trainClassifier } from '../src/index';
import { rowsOf } from './fixtures';

const CATEGORIES = ['card_arrival', 'exchange_rate', 'lost_or_stolen_card', 'cash_withdrawal_charge', 'apple_pay_or_google_pay', 'terminate_account'];

describe('text classifier', () => {
  const classifier = trainClassifier(rowsOf(CATEGORIES, 40));
  const probe = rowsOf(CATEGORIES, 15, 60);

  it('generalises to unseen queries within a millisecond each, with calibrated confidence', () => {
    const started = performance.now();
    const predictions = probe.map((e) => predict(classifier, e.text));
    const perItem = (performance.now() - started) / probe.length;
    const correct = predictions.map((p, i) => p.ranked[0]!.key === probe[i]!.label);
    expect(correct.filter(Boolean).length / probe.length).toBeGreaterThan(0.85);
    expect(perItem).toBeLessThan(5);
    for (const p of predictions) expect(p.ranked.reduce((s, r) => s + r.prob, 0)).toBeCloseTo(1, 4);
    expect(expectedCalibrationError(predictions.map((p) => p.confidence), correct).ece).toBeLessThan(0.15);
    // Keeping only the confident half must not be less accurate than keeping everything.
    const curve = coverageCurve(predictions.map((p) => p.confidence), correct);
    expect(curve.find((p) => p.escalationRate === 0.5)!.accuracy).toBeGreaterThanOrEqual(curve[0]!.accuracy);
    // The threshold the curve offers for a target really keeps that accuracy on these items.
    const point = thresholdForAccuracy(curve, 0.97)!;
    expect(point).not.toBeNull();
    const kept = predictions.map((p, i) => [p.confidence, correct[i]] as const).filter(([c]) => c >= point.threshold);
    expect(kept.filter(([, ok]) => ok).length / kept.length).toBeGreaterThanOrEqual(0.97);
  });

  it('round-trips through compact weights with the same answers', () => {
    const bytes = serializeClassifier(classifier);
    expect(bytes.length).toBeLessThan(classifier.model.weights.byteLength / 2);
    const restored = deserializeClassifier(bytes);
    for (const e of probe) {
      const a = predict(classifier, e.text);
      const b = predict(restored, e.text);
      expect(b.ranked[0]!.key).toBe(a.ranked[0]!.key);
      expect(b.confidence).toBeCloseTo(a.confidence, 2);
      expect(b.outOfScope).toBe(a.outOfScope);
    }
  });

  it('reads quoted CSV fields and names the line of a broken record', () => {
    const rows = parseBankingCsv('text,category\n"Hi, where is ""my"" card?",card_arrival\nrate?,exchange_rate\n', 'x.csv');
    expect(rows).toEqual([
      { text: 'Hi, where is "my" card?', label: 'card_arrival' },
      { text: 'rate?', label: 'exchange_rate' },
    ]);
    expect(() => parseBankingCsv('text,category\nok,a\n"unterminated,b\n', 'x.csv')).toThrow('x.csv:3: unterminated quoted field');
    expect(() => parseBankingCsv('question,label\n', 'x.csv')).toThrow('x.csv:1: expected the header "text,category"');
  });
});

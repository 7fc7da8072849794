import { describe, expect, it } from 'vitest';
import {
  cascadeDecision,
  coverageCurve,
  deserializeClassifier,
  thresholdForAccuracy,
  expectedCalibrationError,
  parseBankingCsv,
  predict,
  serializeClassifier,
  settleThresholdFor,
  trainClassifier,
  wilsonLower,
} from '../src/index';
import { rowsOf } from './fixtures';

const CATEGORIES = [
  'card_arrival',
  'exchange_rate',
  'lost_or_stolen_card',
  'cash_withdrawal_charge',
  'apple_pay_or_google_pay',
  'terminate_account',
];

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
    expect(
      expectedCalibrationError(
        predictions.map((p) => p.confidence),
        correct,
      ).ece,
    ).toBeLessThan(0.15);
    // Keeping only the confident half must not be less accurate than keeping everything.
    const curve = coverageCurve(
      predictions.map((p) => p.confidence),
      correct,
    );
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

  it('settles only where out-of-fold accuracy reaches the target with 95 % confidence, and the cascade uses that threshold', () => {
    // 200 right answers at 0.9 and above, then a band that is right two times in three.
    const confidences = [...Array.from({ length: 200 }, (_, i) => 0.9 + i / 2000), ...Array.from({ length: 60 }, (_, i) => 0.5 + i / 200)];
    const correct = [...Array.from({ length: 200 }, () => true), ...Array.from({ length: 60 }, (_, i) => i % 3 !== 0)];
    const settle = settleThresholdFor(confidences, correct, 0.97)!;
    expect(wilsonLower(Math.round(settle.accuracy * settle.coverage * 260), Math.round(settle.coverage * 260))).toBeGreaterThanOrEqual(
      0.97,
    );
    expect(settle.threshold).toBeGreaterThan(0.5);
    expect(settle.accuracy).toBeGreaterThanOrEqual(0.97);
    // Ten right answers do not show 97 % accuracy: no threshold.
    expect(
      settleThresholdFor(
        Array.from({ length: 10 }, () => 0.99),
        Array.from({ length: 10 }, () => true),
        0.97,
      ),
    ).toBeNull();

    const restored = deserializeClassifier(serializeClassifier(classifier));
    expect(restored.settleThreshold).toBe(classifier.settleThreshold);
    expect(restored.inScopeFloor).toBeCloseTo(classifier.inScopeFloor!, 5);
    const p = predict(restored, probe[0]!.text);
    expect(p.thresholds!.final).toBe(classifier.settleThreshold ?? 0.85);
    expect(cascadeDecision({ ...p, confidence: p.thresholds!.final })).toBe('final');
    expect(cascadeDecision({ ...p, confidence: p.thresholds!.final - 0.01 })).not.toBe('final');
  });
});

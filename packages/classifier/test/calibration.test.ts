import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/linear-model';
import { expectedCalibrationError, predict, trainClassifier, type Example, type TextClassifier } from '../src/index';

const CLASSES = ['alpha', 'bravo', 'charlie', 'delta'];
/** How sure a cue word makes the label: the top class has this probability, the others share the rest. */
const LEVELS = [0.4, 0.55, 0.7, 0.85, 0.97];
const CUES_PER_LEVEL = 8;

function word(random: () => number): string {
  return Array.from({ length: 7 }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
}

/**
 * Texts whose class probabilities are known by construction: each holds one cue word with a fixed class
 * distribution, plus filler words that say nothing about the class. The best possible confidence for a
 * text is its cue's top probability, and that is also how often the top class is right.
 */
function syntheticWorld(seed: number) {
  const random = mulberry32(seed);
  const fillers = Array.from({ length: 60 }, () => word(random));
  const cues = LEVELS.flatMap((top) =>
    Array.from({ length: CUES_PER_LEVEL }, (_, i) => {
      const main = (i + Math.floor(top * 10)) % CLASSES.length;
      const probs = CLASSES.map((_, k) => (k === main ? top : (1 - top) / (CLASSES.length - 1)));
      return { word: word(random), probs, top };
    }),
  );
  const sample = (n: number, sampleSeed: number): (Example & { top: number })[] => {
    const r = mulberry32(sampleSeed);
    return Array.from({ length: n }, (_, i) => {
      const cue = cues[i % cues.length]!;
      let u = r();
      let k = 0;
      while (k < CLASSES.length - 1 && u >= cue.probs[k]!) u -= cue.probs[k++]!;
      const filler = Array.from({ length: 3 }, () => fillers[Math.floor(r() * fillers.length)]!);
      filler.splice(Math.floor(r() * 4), 0, cue.word);
      return { text: filler.join(' '), label: CLASSES[k]!, top: cue.top };
    });
  };
  return { sample };
}

function calibrationOn(classifier: TextClassifier, items: (Example & { top: number })[]) {
  const predictions = items.map((e) => predict(classifier, e.text));
  const confidences = predictions.map((p) => p.confidence);
  const correct = predictions.map((p, i) => p.ranked[0]!.key === items[i]!.label);
  const byLevel = LEVELS.map((level) => {
    const at = items.map((e, i) => [e.top, confidences[i]!] as const).filter(([top]) => top === level);
    return at.reduce((s, [, c]) => s + c, 0) / at.length;
  });
  return { ece: expectedCalibrationError(confidences, correct).ece, byLevel };
}

describe('calibration of the served model', () => {
  const world = syntheticWorld(11);
  const train = world.sample(1600, 1);
  const fresh = world.sample(3000, 2);

  it('gives confidences that match the known class probabilities on texts it never saw', () => {
    const classifier = trainClassifier(train);
    expect(classifier.crossFit?.folds).toBe(4);
    const { ece, byLevel } = calibrationOn(classifier, fresh);
    expect(ece).toBeLessThan(0.03);
    // Per cue level the mean confidence follows the true top probability (one temperature cannot bend
    // the margins of a hinge-loss model to match every level exactly, hence the looser bound here).
    byLevel.forEach((mean, i) => expect(Math.abs(mean - LEVELS[i]!)).toBeLessThan(0.1));
    for (let i = 1; i < byLevel.length; i++) expect(byLevel[i]!).toBeGreaterThan(byLevel[i - 1]!);
    // The cross-fitted estimate of the served model's ECE is honest about it too.
    expect(Math.abs(classifier.crossFit!.ece - ece)).toBeLessThan(0.03);
  });

  it('corrects a deliberately overconfident fit', () => {
    // Big steps, no decay and many epochs: the raw margins chase the label noise and grow far too large.
    const classifier = trainClassifier(train, { train: { loss: 'hinge', epochs: 40, learningRate: 5, l2: 0, seed: 3 } });
    const raw = calibrationOn({ ...classifier, temperature: 1 }, fresh);
    const calibrated = calibrationOn(classifier, fresh);
    expect(raw.ece).toBeGreaterThan(0.1);
    expect(raw.byLevel[0]!).toBeGreaterThan(LEVELS[0]! + 0.15);
    expect(classifier.temperature).toBeGreaterThan(1);
    expect(calibrated.ece).toBeLessThan(0.04);
  });
});

import { describe, expect, it } from 'vitest';
import { deserializeClassifier, predict, serializeClassifier, trainClassifier } from '../src/index';
import { defaultFeatureOptions, normalizeText, normalizeText2, rawCounts } from '../src/text-features';
import { rowsOf } from './fixtures';

describe('text normalisation', () => {
  it('version 2 expands contractions and reads numbers and currency amounts by their shape', () => {
    expect(normalizeText2("I haven't got my £20.50 refund, it's been 3 days and I can't see 100000 USD")).toBe(
      'i have not got my £ 00000 refund it been 0 days and i can not see 00000 usd',
    );
    expect(normalizeText2('Why was I charged $1 twice?')).toBe(normalizeText2('why was i charged $7 twice'));
    // Version 1 is unchanged for the models stored with it.
    expect(normalizeText("I haven't got my £20")).toBe("i haven't got my £20");
  });

  it('new models use version 2; "have not" and "haven\'t" share their word features there', () => {
    expect(defaultFeatureOptions.textVersion).toBe(2);
    const words = (text: string, textVersion: number) =>
      [...rawCounts(text, { ...defaultFeatureOptions, textVersion }).words.keys()].sort();
    expect(words("I haven't", 2)).toEqual(words('I have not', 2));
    expect(words("I haven't", 1)).not.toEqual(words('I have not', 1));
  });

  it('a stored model keeps the normalisation it was trained with (none recorded: version 1)', () => {
    const categories = ['card_arrival', 'exchange_rate', 'lost_or_stolen_card'];
    const old = trainClassifier(rowsOf(categories, 20), { features: { ...defaultFeatureOptions, textVersion: undefined } });
    const restoredOld = deserializeClassifier(serializeClassifier(old));
    expect(restoredOld.space.options.textVersion).toBe(1);
    const current = trainClassifier(rowsOf(categories, 20));
    const restored = deserializeClassifier(serializeClassifier(current));
    expect(restored.space.options.textVersion).toBe(2);
    for (const e of rowsOf(categories, 5, 40)) {
      expect(predict(restoredOld, e.text).ranked[0]!.key).toBe(predict(old, e.text).ranked[0]!.key);
      expect(predict(restored, e.text).ranked[0]!.key).toBe(predict(current, e.text).ranked[0]!.key);
    }
  });
});

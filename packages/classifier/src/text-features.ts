/**
 * Hashed text features: word uni/bi-grams and character 2–5-grams, weighted by sublinear TF-IDF and
 * L2-normalised per block. Buckets seen in training are remapped to a dense column index so the model
 * only stores weights for features that exist.
 */

export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

export interface FeatureOptions {
  hashBits: number;
  charMin: number;
  charMax: number;
  wordBigrams: boolean;
  /** Also pair each word with the ones up to this many positions later (skip-bigrams); 1 adds nothing beyond bigrams. */
  wordSkip: number;
  /** Char n-grams within each word, or across the whole text (which also sees word pairs). */
  charSpan: 'word' | 'text';
  /** Share of the squared norm given to the word block; the char block gets the rest. */
  wordWeight: number;
  minDf: number;
  /** Text normalisation: 1 as first shipped; 2 also expands contractions and marks numbers and currency amounts. */
  textVersion?: number;
}

export const defaultFeatureOptions: FeatureOptions = {
  hashBits: 20,
  charMin: 2,
  charMax: 5,
  wordBigrams: true,
  wordSkip: 2,
  charSpan: 'word',
  wordWeight: 0.5,
  minDf: 1,
  textVersion: 2,
};

export interface FeatureSpace {
  options: FeatureOptions;
  /** Sorted hashed buckets kept from training; column j of the model is bucket buckets[j]. */
  buckets: Int32Array;
  idf: Float32Array;
}

const WORD_SEED = 0x9e3779b1;
const CHAR_SEED = 0x85ebca6b;

function fnv1a(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’`]/g, "'")
    .replace(/[^a-z0-9'$€£%]+/g, ' ')
    .trim();
}

const CONTRACTIONS: [RegExp, string][] = [
  [/\bcan't\b/g, 'can not'],
  [/\bwon't\b/g, 'will not'],
  [/\bshan't\b/g, 'shall not'],
  [/\bain't\b/g, 'is not'],
  [/n't\b/g, ' not'],
  [/'m\b/g, ' am'],
  [/'re\b/g, ' are'],
  [/'ve\b/g, ' have'],
  [/'ll\b/g, ' will'],
  [/'d\b/g, ' would'],
  [/'s\b/g, ''],
];

/**
 * Version 2: contractions expanded ("haven't" → "have not", so it shares features with "have not"), currency
 * symbols as words of their own, and every number replaced by its shape (as many zeros as it has characters,
 * five at most), so "£20" and "£35" read alike.
 */
export function normalizeText2(text: string): string {
  let t = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’`]/g, "'");
  for (const [re, to] of CONTRACTIONS) t = t.replace(re, to);
  return t
    .replace(/[$€£]/g, (c) => ` ${c} `)
    .replace(/\d+(?:[.,]\d+)*/g, (d) => ` ${d.length > 4 ? '00000' : '0'.repeat(d.length)} `)
    .replace(/[^a-z0-9$€£%]+/g, ' ')
    .trim();
}

/** Light suffix stripping so "charged", "charges" and "charging" share a word feature. */
function stem(word: string): string {
  if (word.length <= 4) return word;
  for (const suffix of ['ing', 'ed', 'es', 's', 'ly']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) return word.slice(0, -suffix.length);
  }
  return word;
}

type Counts = Map<number, number>;

function add(counts: Counts, bucket: number): void {
  counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
}

/** Raw term counts per block, keyed by hashed bucket. */
export function rawCounts(text: string, options: FeatureOptions): { words: Counts; chars: Counts } {
  const mask = (1 << options.hashBits) - 1;
  const norm = (options.textVersion ?? 1) >= 2 ? normalizeText2(text) : normalizeText(text);
  const tokens = norm.length ? norm.split(' ') : [];
  const words: Counts = new Map();
  const chars: Counts = new Map();
  const stems = tokens.map(stem);
  for (let i = 0; i < stems.length; i++) {
    add(words, fnv1a(stems[i]!, WORD_SEED) & mask);
    if (options.wordBigrams && i + 1 < stems.length) add(words, fnv1a(`${stems[i]} ${stems[i + 1]}`, WORD_SEED) & mask);
    for (let d = 2; d <= options.wordSkip && i + d < stems.length; d++)
      add(words, fnv1a(`${stems[i]} _ ${stems[i + d]}`, WORD_SEED) & mask);
  }
  for (const token of options.charSpan === 'text' ? [tokens.join(' ')] : tokens) {
    const padded = ` ${token} `;
    for (let n = options.charMin; n <= options.charMax; n++) {
      for (let i = 0; i + n <= padded.length; i++) add(chars, fnv1a(padded.slice(i, i + n), CHAR_SEED + n) & mask);
    }
  }
  return { words, chars };
}

// Word and char buckets share one hash space; a collision between blocks just merges two features.
function blockKey(block: 0 | 1, bucket: number, bits: number): number {
  return block === 0 ? bucket : bucket + (1 << bits);
}

export function fitFeatureSpace(texts: string[], options: FeatureOptions = defaultFeatureOptions): FeatureSpace {
  const df = new Map<number, number>();
  for (const text of texts) {
    const { words, chars } = rawCounts(text, options);
    for (const b of words.keys()) {
      const k = blockKey(0, b, options.hashBits);
      df.set(k, (df.get(k) ?? 0) + 1);
    }
    for (const b of chars.keys()) {
      const k = blockKey(1, b, options.hashBits);
      df.set(k, (df.get(k) ?? 0) + 1);
    }
  }
  const kept = [...df.entries()].filter(([, n]) => n >= options.minDf).sort((a, b) => a[0] - b[0]);
  const buckets = new Int32Array(kept.length);
  const idf = new Float32Array(kept.length);
  const n = texts.length;
  kept.forEach(([key, count], j) => {
    buckets[j] = key;
    idf[j] = Math.log((1 + n) / (1 + count)) + 1;
  });
  return { options, buckets, idf };
}

function columnOf(space: FeatureSpace, key: number): number {
  const b = space.buckets;
  let lo = 0;
  let hi = b.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = b[mid]!;
    if (v === key) return mid;
    if (v < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function weighBlock(space: FeatureSpace, counts: Counts, block: 0 | 1, share: number, out: Map<number, number>): void {
  const entries: [number, number][] = [];
  let norm = 0;
  for (const [bucket, tf] of counts) {
    const col = columnOf(space, blockKey(block, bucket, space.options.hashBits));
    if (col < 0) continue;
    const w = (1 + Math.log(tf)) * space.idf[col]!;
    entries.push([col, w]);
    norm += w * w;
  }
  if (norm === 0) return;
  const scale = Math.sqrt(share / norm);
  for (const [col, w] of entries) out.set(col, (out.get(col) ?? 0) + w * scale);
}

export function vectorize(space: FeatureSpace, text: string): SparseVector {
  const { words, chars } = rawCounts(text, space.options);
  const merged = new Map<number, number>();
  weighBlock(space, words, 0, space.options.wordWeight, merged);
  weighBlock(space, chars, 1, 1 - space.options.wordWeight, merged);
  const idx = new Int32Array(merged.size);
  const val = new Float32Array(merged.size);
  let i = 0;
  for (const [col, w] of merged) {
    idx[i] = col;
    val[i] = w;
    i++;
  }
  return { idx, val };
}

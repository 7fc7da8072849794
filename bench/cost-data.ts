import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { OUT_OF_SCOPE, parseBankingCsv, parseClincJson, type Example } from '@helpdesk/classifier';
import { demoArticles } from '../prisma/seed/articles';

export type DatasetName = 'banking77' | 'clinc150';

export interface BenchDataset {
  name: DatasetName;
  /** Taxonomy: key → display name. */
  categories: { key: string; name: string }[];
  /** The tenant's labelled history: what its classifier trains on. */
  history: Example[];
  /** Labelled queries the classifier never saw; tickets are drawn from these. `oos` means no category applies. */
  unseen: Example[];
  articles: { title: string; body: string }[];
  /** Which part of the public data each side comes from, for the report. */
  provenance: string;
}

/** Where the public data sets live: SHARED_DATA_DIR, or ../shared/data beside the clone (as the seed looks). */
export function sharedDataDir(repoRoot: string): string {
  const candidates = [process.env.SHARED_DATA_DIR, path.resolve(repoRoot, '../shared/data'), '/work/shared/data'].filter(
    Boolean,
  ) as string[];
  const dir = candidates.find((d) => existsSync(path.join(d, 'banking77', 'train.csv')));
  if (!dir)
    throw new Error('public data not found: set SHARED_DATA_DIR to the folder holding banking77/train.csv and clinc150/train_val.json');
  return dir;
}

const humanise = (key: string) => key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/** A fixed hash split, so the held-out fifth never depends on the run or on what was measured. */
const heldOut = (text: string) => createHash('sha256').update(text).digest()[0]! % 5 === 0;

function banking77(dir: string): BenchDataset {
  const rows = parseBankingCsv(readFileSync(path.join(dir, 'banking77', 'train.csv'), 'utf8'), 'banking77/train.csv');
  const keys = JSON.parse(readFileSync(path.join(dir, 'banking77', 'categories.json'), 'utf8')) as string[];
  return {
    name: 'banking77',
    categories: keys.map((key) => ({ key, name: humanise(key) })),
    history: rows.filter((r) => !heldOut(r.text)),
    unseen: rows.filter((r) => heldOut(r.text)),
    articles: demoArticles,
    provenance: 'banking77 train.csv: a fixed 80/20 hash split (sha256(text)[0] % 5); history = 80 %, tickets drawn from the other 20 %',
  };
}

/** CLINC150 has no help articles: one per domain says which requests the team handles and how it answers them. */
function clincArticles(domains: Record<string, string[]>): { title: string; body: string }[] {
  return Object.entries(domains).map(([domain, intents]) => ({
    title: `${humanise(domain)}: what we can help with`,
    body: [
      `Requests about ${domain.replace(/_/g, ' ')} that our team answers: ${intents.map((i) => i.replace(/_/g, ' ')).join(', ')}.`,
      'Give the customer the direct answer first, then the steps in the app, then when to contact us again.',
      'If the request needs account details we do not hold, say so and offer the next step.',
    ].join('\n\n'),
  }));
}

function clinc150(dir: string): BenchDataset {
  const splits = parseClincJson(readFileSync(path.join(dir, 'clinc150', 'train_val.json'), 'utf8'), 'clinc150/train_val.json');
  const domains = JSON.parse(readFileSync(path.join(dir, 'clinc150', 'domains.json'), 'utf8')) as Record<string, string[]>;
  const keys = [...new Set((splits.train ?? []).map((e) => e.label))].sort();
  return {
    name: 'clinc150',
    categories: keys.map((key) => ({ key, name: humanise(key) })),
    history: splits.train ?? [],
    // val keeps the published ratio of out-of-scope queries (100 in 3,100).
    unseen: [...(splits.val ?? []), ...(splits.oos_val ?? []).map((e) => ({ ...e, label: OUT_OF_SCOPE }))],
    articles: clincArticles(domains),
    provenance: 'clinc150 train_val.json: history = `train` (150 intents), tickets drawn from `val` + `oos_val`',
  };
}

export function loadDataset(name: DatasetName, repoRoot: string): BenchDataset {
  const dir = sharedDataDir(repoRoot);
  return name === 'banking77' ? banking77(dir) : clinc150(dir);
}

/** Deterministic sample without replacement (seeded Fisher–Yates on a copy). */
export function sample<T>(items: readonly T[], n: number, seed: number): T[] {
  const copy = items.slice();
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, n);
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface LabelledText {
  text: string;
  category: string;
}

/** The public data sets live beside the clone (../shared/data) on developers' and CI machines. */
export function sharedDataDir(repoRoot: string): string | null {
  const candidates = [process.env.SHARED_DATA_DIR, path.resolve(repoRoot, '../shared/data'), '/work/shared/data'].filter(
    Boolean,
  ) as string[];
  return candidates.find((dir) => existsSync(path.join(dir, 'banking77', 'train.csv'))) ?? null;
}

/** Minimal RFC 4180 reader for `text,category` rows (quoted fields may hold commas and doubled quotes). */
export function parseBankingCsv(csv: string): LabelledText[] {
  const rows: LabelledText[] = [];
  const lines = csv.split(/\r?\n/).slice(1);
  for (const line of lines) {
    if (!line.trim()) continue;
    const comma = line.lastIndexOf(',');
    let text = line.slice(0, comma);
    if (text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1).replace(/""/g, '"');
    rows.push({ text, category: line.slice(comma + 1).trim() });
  }
  return rows;
}

export function loadBanking77(repoRoot: string): LabelledText[] {
  const dir = sharedDataDir(repoRoot);
  if (!dir) throw new Error('banking77 data not found: set SHARED_DATA_DIR to the folder holding banking77/train.csv');
  return parseBankingCsv(readFileSync(path.join(dir, 'banking77', 'train.csv'), 'utf8'));
}

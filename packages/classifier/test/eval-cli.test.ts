import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { rowsOf } from './fixtures';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'eval-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function evalCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'packages/classifier/src/cli/eval.ts', ...args, '--out', dir], {
      cwd: root,
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const CATEGORIES = ['card_arrival', 'exchange_rate', 'lost_or_stolen_card', 'cash_withdrawal_charge', 'apple_pay_or_google_pay'];

function resultOf(stdout: string): Record<string, unknown> {
  const last = stdout.trimEnd().split('\n').at(-1)!;
  expect(last.startsWith('RESULT {')).toBe(true);
  return JSON.parse(last.slice('RESULT '.length)) as Record<string, unknown>;
}

describe('eval command', () => {
  it('trains on a banking77-format file, scores a seeded holdout and writes the reports', async () => {
    const file = path.join(dir, 'tiny.csv');
    writeFileSync(file, ['text,category', ...rowsOf(CATEGORIES, 24).map((e) => `${csvField(e.text)},${e.label}`)].join('\n'));
    const { code, stdout, stderr } = await evalCli(['--dataset', 'banking77', '--train', file, '--holdout', '0.25']);
    expect(code, stderr).toBe(0);
    const result = resultOf(stdout);
    expect(result).toMatchObject({ dataset: 'banking77', split: 'holdout', n: 30 });
    expect(result.accuracy).toBeGreaterThan(0.6);
    expect(result.macro_f1).toBeGreaterThan(0.5);
    expect(result).toHaveProperty('ece');
    expect(result.crossfit_ece).toEqual(expect.any(Number));
    expect(result.coverage_at_97).toEqual(expect.any(Number));
    // The naive Bayes blend chosen inside the training file is part of what the run reports.
    expect(result.bayes_weight).toEqual(expect.any(Number));
    expect(result.crossfit_accuracy).toEqual(expect.any(Number));
    expect(stderr).toContain('evaluate');
    const report = JSON.parse(readFileSync(path.join(dir, 'eval-banking77-holdout.json'), 'utf8')) as {
      perClass: { key: string }[];
      curve: unknown[];
      result: { settle_threshold: number };
    };
    expect(report.perClass.map((c) => c.key).sort()).toEqual([...CATEGORIES].sort());
    expect(report.curve.length).toBeGreaterThan(5);
    const html = readFileSync(path.join(dir, 'eval-banking77-holdout.html'), 'utf8');
    expect(html.match(/<svg /g)?.length).toBe(3);
    // The report marks the threshold the cascade settles at: the model's own, fitted in training.
    expect(html).toContain('Threshold the cascade uses now');
    expect(html).toContain(`data-cascade-threshold="${report.result.settle_threshold.toFixed(4)}"`);
  });

  it('reports in-scope accuracy and out-of-scope recall for a clinc150-format file', async () => {
    const pairs = (n: number, offset: number) => rowsOf(CATEGORIES, n, offset).map((e) => [e.text, e.label]);
    const oos = [
      'what is the weather like in paris',
      'play some jazz',
      'how tall is mount everest',
      'tell me a joke',
      'book a table for two',
      'what time is it in tokyo',
    ];
    const file = path.join(dir, 'tiny.json');
    writeFileSync(
      file,
      JSON.stringify(
        {
          train: pairs(20, 0),
          val: pairs(6, 20),
          oos_train: oos.slice(0, 4).map((t) => [t, 'oos']),
          oos_val: oos.slice(4).map((t) => [t, 'oos']),
        },
        null,
        1,
      ),
    );
    const { code, stdout, stderr } = await evalCli(['--dataset', 'clinc150', '--train', file, '--test', file, '--test-split', 'val']);
    expect(code, stderr).toBe(0);
    const result = resultOf(stdout);
    expect(result).toMatchObject({ dataset: 'clinc150', split: 'val', n: 32 });
    expect(typeof result.in_scope_accuracy).toBe('number');
    expect(typeof result.oos_recall).toBe('number');
    expect(existsSync(path.join(dir, 'eval-clinc150-val.html'))).toBe(true);

    // As a tenant would: no out-of-scope class in training, detection from the in-scope score alone.
    const none = await evalCli([
      '--dataset',
      'clinc150',
      '--train',
      file,
      '--test',
      file,
      '--test-split',
      'val',
      '--oos-training',
      'none',
      '--folds',
      '3',
    ]);
    expect(none.code, none.stderr).toBe(0);
    const noneResult = resultOf(none.stdout);
    expect(noneResult).toMatchObject({ dataset: 'clinc150', split: 'val', n: 32, oos_training: 'none', folds: 3, train_examples: 100 });
    expect(noneResult.oos_recall).toEqual(expect.any(Number));
    const report = JSON.parse(readFileSync(path.join(dir, 'eval-clinc150-val-oos-none.json'), 'utf8')) as { inScopeFloor: number | null };
    expect(report.inScopeFloor).toEqual(expect.any(Number));

    // Development runs score a share of the training data itself: val is never what is scored.
    const inner = await evalCli([
      '--dataset',
      'clinc150',
      '--train',
      file,
      '--test-split',
      'val',
      '--inner',
      '0.25',
      '--oos-training',
      'none',
      '--folds',
      '3',
    ]);
    expect(inner.code, inner.stderr).toBe(0);
    // train + oos_train hold 20 per intent and 4 out of scope; a quarter of each is scored (5 × 5 + 1).
    expect(resultOf(inner.stdout)).toMatchObject({ split: 'val-inner', n: 26, train_examples: 75 });
    // Three CLI runs with training: minutes on a loaded 2-core machine, seconds on a quiet one.
  }, 180_000);

  it('names the line of a malformed record and rejects an unknown dataset with the usage', async () => {
    const csv = path.join(dir, 'bad.csv');
    writeFileSync(csv, 'text,category\nwhere is my card,card_arrival\nrate please,exchange_rate\nthis one, has, commas,card_arrival\n');
    const bad = await evalCli(['--dataset', 'banking77', '--train', csv, '--holdout', '0.2']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${csv}:4: expected 2 fields`);
    expect(bad.stdout).not.toContain('RESULT');

    const json = path.join(dir, 'bad.json');
    writeFileSync(json, '{\n "train": [\n  ["hello", "greet"],\n  ["bye"]\n ],\n "val": []\n}\n');
    const badJson = await evalCli(['--dataset', 'clinc150', '--train', json, '--test-split', 'val']);
    expect(badJson.code).toBe(1);
    expect(badJson.stderr).toContain(`${json}:4:`);

    const help = await evalCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--oos-training none');

    const badOos = await evalCli(['--dataset', 'clinc150', '--train', json, '--oos-training', 'some']);
    expect(badOos.code).toBe(2);
    expect(badOos.stderr).toContain('--oos-training must be classes or none');

    const unknown = await evalCli(['--dataset', 'imdb', '--train', csv]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown dataset "imdb"');
    expect(unknown.stderr).toContain('usage: npm run -s eval');
    // Five CLI starts: on a loaded 2-core machine tsx alone can take ten seconds each.
  }, 180_000);
});

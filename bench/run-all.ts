// `npm run bench -- [--only ai,cost,…] [--tickets 200] [--mails 500] [--ledger-rows 1000000]`: runs every benchmark in bench/, one
// after another (they would skew each other in parallel on a small machine), and prints one table: each figure
// with its goal, whether it is met, and the model that ran. Writes bench/results/bench.json and bench.svg.
// Benchmarks that need data the machine lacks (the 1 M-ticket tenant of `npm run seed:scale`) are listed as
// skipped with the reason, never left out silently.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    tickets: { type: 'string', default: '200' },
    mails: { type: 'string', default: '500' },
    'ledger-rows': { type: 'string', default: '1000000' },
  },
});

/** A figure of a bench's RESULT line: its key, what it is, and the goal it should meet, as `op value` (`<= 0.1`). */
type Figure = [key: string, label: string, goal?: `${'>=' | '<=' | '<' | '=='} ${number | boolean}`];
interface Bench {
  name: string;
  what: string;
  figures: Figure[];
  /** bench/<name>.ts unless named here. */
  script?: string;
  args?: string[];
}

const BENCHES: Bench[] = [
  {
    name: 'ai',
    what: 'local model runtime: prefix reuse, parallel sequences, queue overhead',
    figures: [
      ['prefix_tokens_ratio', 'prompt tokens per triage, without vs with prefix reuse (×)', '>= 5'],
      ['parallel_speedup', 'triage throughput, N sequences vs 1 (×)', '>= 1.5'],
      ['enqueue_start_p95_ms', 'enqueue → start p95 behind 10,000 jobs (ms)', '< 50'],
    ],
  },
  {
    name: 'retrieval',
    what: 'knowledge retrieval: vector search p95 for one tenant at 1,000 / 10,000 / 100,000 chunks (768 dimensions)',
    figures: [['p95_ms_at_largest', 'vector search p95 at the largest size (ms)', '<= 50']],
  },
  {
    name: 'cascade',
    what: 'local model work spared by a confident classifier',
    figures: [['token_ratio', 'local tokens per ticket, without vs with a confident classifier (×)', '>= 3']],
  },
  {
    name: 'cost',
    args: ['--tickets', values.tickets!],
    what: 'end-to-end AI bill on a labelled workload (hybrid vs all-cloud, read from the ledger)',
    figures: [
      ['cost_ratio', 'hybrid / all-cloud cost', '<= 0.1'],
      ['hybrid_usd_per_1k', 'hybrid $ per 1,000 tickets'],
      ['all_cloud_usd_per_1k', 'all-cloud $ per 1,000 tickets'],
      ['escalation_rate', 'escalation rate', '<= 0.08'],
      ['classifier_final_share', 'share settled by the classifier alone'],
      ['triage_accuracy', 'triage accuracy against the labels'],
      ['p95_ticket_to_draft_s', 'ticket → draft p95 (s)'],
    ],
  },
  {
    name: 'list',
    script: 'bench/list-search.ts',
    what: 'inbox list and search at scale (needs npm run seed:scale -- --tickets 1000000)',
    figures: [
      ['list_p95_max_ms', 'slowest list scenario p95 (ms)', '< 100'],
      ['search_p95_max_ms', 'slowest search scenario p95 (ms)', '< 100'],
    ],
  },
  {
    name: 'sweeps',
    what: 'SLA and auto-close sweeps at scale (needs npm run seed:scale -- --tickets 1000000)',
    figures: [
      ['sla_flagged', 'overdue tickets flagged'],
      ['sla_slowest_run_s', 'slowest SLA sweep run (s), inside the 60 s job lock', '< 60'],
      ['auto_close_slowest_run_s', 'slowest auto-close run (s)', '< 60'],
      ['list_p95_during_sweep_ms', 'inbox list p95 while the sweep runs (ms)', '< 100'],
    ],
  },
  {
    name: 'load',
    args: ['--mails', values.mails!],
    what: 'autocannon on loopback: v1 list and ticket creation, then a burst of signed inbound mails through the whole pipeline',
    figures: [
      ['list_rps', 'v1 list, requests per second at 10 connections'],
      ['create_rps', 'v1 ticket creation, requests per second'],
      ['mails_stored', 'inbound mails stored'],
      ['mails_lost', 'inbound mails lost', '== 0'],
      ['mails_duplicated', 'inbound mails duplicated', '== 0'],
      ['webhook_p95_ms', 'inbound webhook p95 (ms)'],
      ['p95_mail_to_draft_s', 'mail → draft p95 (s)'],
    ],
  },
  {
    name: 'reports',
    args: ['--rows', values['ledger-rows']!],
    what: 'spend reports from rollups vs the raw ledger',
    figures: [
      ['report_365d_rollups_ms', '365-day spend report from rollups (ms)', '< 200'],
      ['report_365d_ledger_ms', '365-day spend report from the raw ledger (ms)'],
      ['rollups_equal_ledger', 'rollup totals equal the ledger', '== true'],
    ],
  },
];

const only = values.only?.split(',').map((s) => s.trim());
const chosen = BENCHES.filter((b) => !only || only.includes(b.name));
const root = path.resolve(import.meta.dirname, '..');

interface Outcome {
  bench: string;
  status: 'ran' | 'failed' | 'skipped';
  reason?: string;
  model?: string;
  result?: Record<string, unknown>;
  seconds: number;
}

function run(bench: Bench): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    console.log(`\n▶ ${bench.name}: ${bench.what}`);
    const child = spawn('npx', ['tsx', bench.script ?? `bench/${bench.name}.ts`, ...(bench.args ?? [])], {
      cwd: root,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const line = out
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('RESULT '));
      let result: Record<string, unknown> | undefined;
      try {
        result = line ? (JSON.parse(line.slice(7)) as Record<string, unknown>) : undefined;
      } catch {
        return resolve({ bench: bench.name, status: 'failed', reason: `RESULT line is not JSON: ${line!.slice(0, 80)}`, seconds });
      }
      const model =
        typeof result?.model === 'string'
          ? result.model
          : Array.isArray(result?.models)
            ? (result.models as string[]).join(', ')
            : undefined;
      if (result) return resolve({ bench: bench.name, status: 'ran', result, model, seconds });
      const missingScale = /no tenant with slug|seed:scale/.test(err);
      resolve({
        bench: bench.name,
        status: missingScale ? 'skipped' : 'failed',
        reason: missingScale
          ? 'needs npm run seed:scale -- --tickets 1000000'
          : `exit ${code}: ${err.trim().split('\n').at(-1) ?? 'no RESULT line'}`,
        seconds,
      });
    });
  });
}

function verdict(value: unknown, goal: Figure[2]): 'met' | 'NOT MET' | '' {
  if (!goal || value === undefined) return '';
  const [op, target] = goal.split(' ');
  if (op === '==') return String(value) === target ? 'met' : 'NOT MET';
  const v = Number(value);
  const g = Number(target);
  const ok = op === '>=' ? v >= g : op === '<=' ? v <= g : v < g;
  return ok ? 'met' : 'NOT MET';
}

const outcomes: Outcome[] = [];
for (const bench of chosen) outcomes.push(await run(bench));

interface Row {
  bench: string;
  figure: string;
  value: string;
  goal: string;
  verdict: string;
  model: string;
}

const rows: Row[] = chosen.flatMap((bench): Row[] => {
  const o = outcomes.find((x) => x.bench === bench.name)!;
  if (o.status !== 'ran') return [{ bench: bench.name, figure: '—', value: o.status, goal: '', verdict: o.reason ?? '', model: '' }];
  return bench.figures.map(([key, label, goal]) => {
    const value = o.result![key];
    return {
      bench: bench.name,
      figure: label,
      value: value === undefined ? 'missing' : String(value),
      goal: goal ?? '',
      verdict: verdict(value, goal),
      model: o.model ?? '',
    };
  });
});

const machine = `${cpus().length} cores, load average ${loadavg()
  .map((l) => l.toFixed(1))
  .join(' ')}`;
console.log(`\nBenchmarks · ${new Date().toISOString()} · ${machine}`);
console.table(rows);

const dir = path.join(root, 'bench', 'results');
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'bench.json'), `${JSON.stringify({ at: new Date().toISOString(), machine, outcomes, rows }, null, 2)}\n`);
writeFileSync(path.join(dir, 'bench.svg'), chart(rows));
console.log(`wrote bench/results/bench.json and bench/results/bench.svg`);
const notMet = rows.filter((r) => r.verdict === 'NOT MET').length;
console.log(
  `RESULT ${JSON.stringify({ benches: outcomes.length, ran: outcomes.filter((o) => o.status === 'ran').length, goals: rows.filter((r) => r.goal).length, not_met: notMet })}`,
);

/** One bar per figure with a goal: the value as a share of its goal, so every goal sits on one line. */
function chart(all: Row[]): string {
  const items = all.filter((r) => r.goal && r.verdict && !r.goal.startsWith('=='));
  const width = 960;
  const barH = 22;
  const left = 470;
  const scaleMax = 2;
  const height = 50 + items.length * (barH + 8);
  const x = (share: number) => left + (Math.min(share, scaleMax) / scaleMax) * (width - left - 20);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const bars = items.map((r, i) => {
    const goal = Number(r.goal.split(' ')[1]);
    const share = Number(r.value) / goal;
    const y = 30 + i * (barH + 8);
    const colour = r.verdict === 'met' ? '#2f7d32' : '#b3261e';
    return `<text x="${left - 8}" y="${y + 15}" text-anchor="end" font-size="12">${esc(`${r.bench}: ${r.figure}`.slice(0, 72))}</text>
<rect x="${left}" y="${y}" width="${x(share) - left}" height="${barH}" fill="${colour}"><title>${esc(`${r.value} (goal ${r.goal})`)}</title></rect>
<text x="${Math.min(x(share) + 4, width - 45)}" y="${y + 15}" font-size="11">${esc(r.value)}${share > scaleMax ? ' →' : ''}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" role="img" aria-label="Benchmark figures as a share of their goals">
<text x="10" y="18" font-size="13">Each figure as a share of its goal (the dashed line is the goal; green met, red not met)</text>
${bars.join('\n')}
<line x1="${x(1)}" y1="24" x2="${x(1)}" y2="${height - 10}" stroke="#333" stroke-dasharray="4 3"/>
</svg>
`;
}

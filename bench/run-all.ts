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

type Comparison = '>=' | '<=' | '<' | '==';
interface Figure {
  key: string;
  label: string;
  goal?: { op: Comparison; value: number | boolean };
}
interface Bench {
  name: string;
  script: string;
  args: string[];
  what: string;
  figures: Figure[];
}

const BENCHES: Bench[] = [
  {
    name: 'ai',
    script: 'bench/ai.ts',
    args: [],
    what: 'local model runtime: prefix reuse, parallel sequences, queue overhead',
    figures: [
      { key: 'prefix_tokens_ratio', label: 'prompt tokens per triage, without vs with prefix reuse (×)', goal: { op: '>=', value: 5 } },
      { key: 'parallel_speedup', label: 'triage throughput, N sequences vs 1 (×)', goal: { op: '>=', value: 1.5 } },
      { key: 'enqueue_start_p95_ms', label: 'enqueue → start p95 behind 10,000 jobs (ms)', goal: { op: '<', value: 50 } },
    ],
  },
  {
    name: 'retrieval',
    script: 'bench/retrieval.ts',
    args: ['--full'],
    what: 'knowledge retrieval: vector search p95 for one tenant at 1,000 / 10,000 / 100,000 chunks (768 and 64 dimensions)',
    figures: [{ key: 'p95_ms_at_largest', label: 'vector search p95 at the largest size (ms)', goal: { op: '<=', value: 50 } }],
  },
  {
    name: 'cascade',
    script: 'bench/cascade.ts',
    args: [],
    what: 'local model work spared by a confident classifier',
    figures: [
      { key: 'token_ratio', label: 'local tokens per ticket, without vs with a confident classifier (×)', goal: { op: '>=', value: 3 } },
    ],
  },
  {
    name: 'cost',
    script: 'bench/cost.ts',
    args: ['--tickets', values.tickets!],
    what: 'end-to-end AI bill on a labelled workload (hybrid vs all-cloud, read from the ledger)',
    figures: [
      { key: 'cost_ratio', label: 'hybrid / all-cloud cost', goal: { op: '<=', value: 0.1 } },
      { key: 'hybrid_usd_per_1k', label: 'hybrid $ per 1,000 tickets' },
      { key: 'all_cloud_usd_per_1k', label: 'all-cloud $ per 1,000 tickets' },
      { key: 'escalation_rate', label: 'escalation rate', goal: { op: '<=', value: 0.08 } },
      { key: 'classifier_final_share', label: 'share settled by the classifier alone' },
      { key: 'triage_accuracy', label: 'triage accuracy against the labels' },
      { key: 'p95_ticket_to_draft_s', label: 'ticket → draft p95 (s)' },
    ],
  },
  {
    name: 'list',
    script: 'bench/list-search.ts',
    args: [],
    what: 'inbox list and search at scale (needs npm run seed:scale -- --tickets 1000000)',
    figures: [
      { key: 'list_p95_max_ms', label: 'slowest list scenario p95 (ms)', goal: { op: '<', value: 100 } },
      { key: 'search_p95_max_ms', label: 'slowest search scenario p95 (ms)', goal: { op: '<', value: 100 } },
    ],
  },
  {
    name: 'sweeps',
    script: 'bench/sweeps.ts',
    args: [],
    what: 'SLA and auto-close sweeps at scale (needs npm run seed:scale -- --tickets 1000000)',
    figures: [
      { key: 'sla_flagged', label: 'overdue tickets flagged' },
      { key: 'sla_slowest_run_s', label: 'slowest SLA sweep run (s), inside the 60 s job lock', goal: { op: '<', value: 60 } },
      { key: 'auto_close_slowest_run_s', label: 'slowest auto-close run (s)', goal: { op: '<', value: 60 } },
      { key: 'list_p95_during_sweep_ms', label: 'inbox list p95 while the sweep runs (ms)', goal: { op: '<', value: 100 } },
    ],
  },
  {
    name: 'load',
    script: 'bench/load.ts',
    args: ['--mails', values.mails!],
    what: 'autocannon on loopback: v1 list and ticket creation, then a burst of signed inbound mails through the whole pipeline',
    figures: [
      { key: 'list_rps', label: 'v1 list, requests per second at 10 connections' },
      { key: 'create_rps', label: 'v1 ticket creation, requests per second' },
      { key: 'mails_stored', label: 'inbound mails stored' },
      { key: 'mails_lost', label: 'inbound mails lost', goal: { op: '==', value: 0 } },
      { key: 'mails_duplicated', label: 'inbound mails duplicated', goal: { op: '==', value: 0 } },
      { key: 'webhook_p95_ms', label: 'inbound webhook p95 (ms)' },
      { key: 'p95_mail_to_draft_s', label: 'mail → draft p95 (s)' },
    ],
  },
  {
    name: 'reports',
    script: 'bench/reports.ts',
    args: ['--rows', values['ledger-rows']!],
    what: 'spend reports from rollups vs the raw ledger',
    figures: [
      { key: 'report_365d_rollups_ms', label: '365-day spend report from rollups (ms)', goal: { op: '<', value: 200 } },
      { key: 'report_365d_ledger_ms', label: '365-day spend report from the raw ledger (ms)' },
      { key: 'rollups_equal_ledger', label: 'rollup totals equal the ledger', goal: { op: '==', value: true } },
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
    const child = spawn('npx', ['tsx', bench.script, ...bench.args], { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
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

function verdict(value: unknown, goal: Figure['goal']): 'met' | 'NOT MET' | '' {
  if (!goal || value === undefined) return '';
  if (goal.op === '==') return value === goal.value ? 'met' : 'NOT MET';
  const v = Number(value);
  const g = Number(goal.value);
  const ok = goal.op === '>=' ? v >= g : goal.op === '<=' ? v <= g : v < g;
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
  return bench.figures.map((f) => {
    const value = o.result![f.key];
    return {
      bench: bench.name,
      figure: f.label,
      value: value === undefined ? 'missing' : String(value),
      goal: f.goal ? `${f.goal.op} ${String(f.goal.value)}` : '',
      verdict: verdict(value, f.goal),
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

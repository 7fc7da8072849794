import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { formatMicros } from '@helpdesk/billing';
import { costChart } from './cost-chart';
import { ratio, sum, type costFigures } from './cost-figures';
import { percentile } from './figures';

const usd = (x: number) => `$${x.toFixed(4)}`;
const percent = (x: number) => `${(x * 100).toFixed(1)} %`;

export interface CostRun {
  root: string;
  dataset: string;
  provenance: string;
  modelPath: string;
  demo: boolean;
  live: boolean;
  /** Whether the tickets came in over HTTP (next start) or through the route's logic in process. */
  http: boolean;
  started: number;
  sendFrom: Date;
  sendTo: Date;
  setupS: number;
  sendS: number;
}

/** Prints bench:cost's report and writes bench/results/cost.json and cost.svg. */
export function reportCost(f: Awaited<ReturnType<typeof costFigures>>, run: CostRun): void {
  const { result, cloud, counterModel, settled, byModel, latencies } = f;
  const n = result.tickets;
  console.log('');
  console.log(
    `bench:cost — ${n} unseen ${run.dataset} tickets, model ${path.basename(run.modelPath)}${run.demo ? ' (DEMO: random weights)' : ''}, cloud ${run.live ? 'live' : 'SIMULATED (local Messages API server)'}`,
  );
  const pipelineS = (run.sendTo.getTime() - run.sendFrom.getTime()) / 1000;
  console.log(
    `wall time ${((Date.now() - run.started) / 1000).toFixed(0)} s: setup (history, classifier training, knowledge base) ${run.setupS.toFixed(0)} s, sending ${run.sendS.toFixed(0)} s, first ticket sent → last draft and queues drained ${pipelineS.toFixed(0)} s`,
  );
  console.log(
    `ticket range ${run.sendFrom.toISOString()} – ${run.sendTo.toISOString()}; machine load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' / ')} on ${cpus().length} cores`,
  );
  const table: [string, string][] = [
    ['local $ per 1,000 tickets', usd(f.localUsdPer1k)],
    ['cloud $ per 1,000 tickets', usd(f.cloudUsdPer1k)],
    ['hybrid total $ per 1,000 tickets', usd(result.hybrid_usd_per_1k)],
    [`all-cloud $ per 1,000 tickets (${counterModel})`, usd(result.all_cloud_usd_per_1k)],
    ['cost ratio hybrid / all-cloud', result.cost_ratio.toFixed(3)],
    ['escalation rate (tickets with a cloud draft call)', percent(result.escalation_rate)],
    ['settled by the classifier alone', percent(result.classifier_final_share)],
    ['triage accuracy: classifier-settled', `${percent(f.accuracySettled)} of ${settled.length}`],
    ['triage accuracy: local model', `${percent(f.accuracyByModel)} of ${byModel.length}`],
    ['triage accuracy: overall', percent(result.triage_accuracy)],
    ['ticket → draft p50 / p95', `${percentile(latencies, 50).toFixed(1)} s / ${result.p95_ticket_to_draft_s.toFixed(1)} s`],
    ['drafts by source', [...f.draftSources].map(([s, c]) => `${s} ${c}`).join(', ')],
    [
      'cloud prompt cache: tokens written / read',
      `${sum(cloud, (g) => g.cacheWriteTokens)} / ${sum(cloud, (g) => g.cacheReadTokens)} (uncached input ${sum(cloud, (g) => g.tokensIn)})`,
    ],
  ];
  for (const [k, v] of table) console.log(`  ${k.padEnd(52)} ${v}`);
  console.log('  escalation reasons (tickets):');
  for (const [r, c] of [...f.reasons].sort((a, b) => b[1] - a[1])) console.log(`    ${String(c).padStart(5)}  ${r}`);
  console.log('  models that ran (ledger):');
  for (const [m, s] of f.models)
    console.log(
      `    ${m.padEnd(34)} ${String(s.calls).padStart(6)} calls  ${formatMicros(s.micros, 4).padStart(10)}  ${[...s.features].sort().join(', ')}`,
    );
  console.log('  local compute price:');
  for (const p of f.localPrices)
    console.log(
      `    ${p.model}: ${formatMicros(p.computePerHourMicros, 4)} per compute-hour (catalog, from ${p.effectiveFrom.toISOString().slice(0, 10)})`,
    );
  console.log(`    tenant fallback for a local model without a catalog row: ${formatMicros(f.tenantLocal, 4)} per compute-hour`);
  console.log(
    `    formula: cost = computeMs × hourly price ÷ 3,600,000; measured local throughput ${f.localTokensPerS.toFixed(0)} tokens/s`,
  );
  console.log(
    `    → ${formatMicros(BigInt(Math.round(ratio(Number(f.localPrices[0]?.computePerHourMicros ?? f.tenantLocal), f.localTokensPerS * 3600) * 1e6)), 4)} per million local tokens at that price`,
  );
  console.log(
    `  all-cloud formula: one triage call and one draft call per ticket at ${counterModel}'s catalog rates (billing counterfactualByDay over the ledger)`,
  );
  if (run.demo) {
    console.log(
      '  DEPENDS ON THE MODEL: local tokens, compute time and so local $; ticket → draft time; local-model triage accuracy, and with it',
    );
    console.log(
      '  the escalations that follow from a low model confidence or an "other" answer; the output side of the all-cloud figure (estimated',
    );
    console.log(
      "  from the local answers' length). NOT model-dependent: the classifier's decisions, its accuracy and settled share, cloud prices",
    );
    console.log(
      '  per call, the prompt-cache behaviour, and the input side of the all-cloud figure (the same prompts at four characters a token).',
    );
  }
  const targets = [
    { name: 'cost_ratio ≤ 0.10', met: result.cost_ratio <= 0.1, value: result.cost_ratio.toFixed(3) },
    { name: 'escalation ≤ 8 %', met: result.escalation_rate <= 0.08, value: percent(result.escalation_rate) },
    { name: 'classifier-settled ≥ 97 % correct', met: f.accuracySettled >= 0.97, value: percent(f.accuracySettled) },
    ...(n === 200
      ? [
          {
            name: '--tickets 200 within 5 minutes',
            met: Date.now() - run.started <= 300_000,
            value: `${((Date.now() - run.started) / 1000).toFixed(0)} s`,
          },
        ]
      : []),
  ];
  for (const t of targets) console.log(`  target ${t.name}: ${t.met ? 'met' : 'NOT MET'} (${t.value})`);

  const out = path.join(run.root, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  const json = {
    ...result,
    dataset: run.dataset,
    provenance: run.provenance,
    model: path.basename(run.modelPath),
    demo_model: run.demo,
    cloud: run.live ? 'live' : 'simulated',
    entry: run.http ? 'REST API v1 over HTTP (next start)' : 'REST API v1 handler logic in process',
    local_usd_per_1k: f.localUsdPer1k,
    cloud_usd_per_1k: f.cloudUsdPer1k,
    counterfactual_model: counterModel,
    escalation_reasons: Object.fromEntries(f.reasons),
    triage_accuracy_classifier: f.accuracySettled,
    triage_accuracy_local_model: f.accuracyByModel,
    p50_ticket_to_draft_s: percentile(latencies, 50),
    draft_sources: Object.fromEntries(f.draftSources),
    cloud_cache_tokens: {
      written: Number(sum(cloud, (g) => g.cacheWriteTokens)),
      read: Number(sum(cloud, (g) => g.cacheReadTokens)),
      uncached_input: Number(sum(cloud, (g) => g.tokensIn)),
    },
    models: Object.fromEntries(
      [...f.models].map(([m, s]) => [m, { calls: Number(s.calls), usd: Number(s.micros) / 1e6, features: [...s.features].sort() }]),
    ),
    local_tokens_per_s: f.localTokensPerS,
    local_price_per_hour_usd: Object.fromEntries(f.localPrices.map((p) => [p.model, Number(p.computePerHourMicros) / 1e6])),
    targets,
    wall_s: (Date.now() - run.started) / 1000,
    setup_s: run.setupS,
    send_s: run.sendS,
    pipeline_s: pipelineS,
    load_average: loadavg(),
    cores: cpus().length,
    at: new Date().toISOString(),
  };
  writeFileSync(path.join(out, 'cost.json'), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(path.join(out, 'cost.svg'), costChart(json));
  console.log(`  wrote bench/results/cost.json and bench/results/cost.svg`);
  console.log(`RESULT ${JSON.stringify(result)}`);
}

import { cpus } from 'node:os';
import { percentile } from './figures';
import type { createScenario } from './load-create';
import type { listScenario } from './load-list';
import { RESEND, type mailScenario } from './load-mail';

export interface LoadFigures {
  list: Awaited<ReturnType<typeof listScenario>>;
  create: Awaited<ReturnType<typeof createScenario>>;
  mail: Awaited<ReturnType<typeof mailScenario>>;
}

/** The human-readable report of bench:load: each scenario's figures, then where a list request's CPU went. */
export function printLoadReport(
  { list: l, create: c, mail: m }: LoadFigures,
  run: {
    mails: number;
    apiSeconds: number;
    connections: number;
    listTickets: number;
    rateLimits: string;
    model: string;
    timeoutMs: number;
  },
  load: string,
): void {
  const { list, health, solo, steps } = l;
  const chain = steps['all of the above in a row'];
  const httpAbove = list.p50 - chain.p50;
  const { final, afterBurst, afterResend } = m;
  console.log('');
  console.log(
    `bench:load — ${run.mails} mails, ${run.apiSeconds} s per API scenario, ${run.connections} connections, next start (production build), model ${run.model}, cloud SIMULATED (local Messages API server)`,
  );
  console.log(
    `${cpus().length} cores, load average now ${load}; ${run.listTickets} tickets in the listed tenant; rate limits raised for the run (RATE_LIMITS=${run.rateLimits})`,
  );
  const once = final.distinct === run.mails && final.messages === run.mails && final.tickets === run.mails;
  const rows: [string, string][] = [
    [
      'GET /api/v1/tickets',
      `${list.rps.toFixed(0)} req/s, p50 ${list.p50.toFixed(1)} ms, p95 ${list.p95.toFixed(1)} ms, p99 ${list.p99.toFixed(1)} ms (${list.requests} requests, ${JSON.stringify(list.statuses)})`,
    ],
    [
      '  CPU per list request: web server / Postgres / autocannon',
      `${list.cpu.web.toFixed(1)} ms / ${list.cpu.postgres.toFixed(1)} ms / ${list.cpu.loadGenerator.toFixed(1)} ms`,
    ],
    [
      'GET /api/health (DB + Redis ping)',
      `${health.rps.toFixed(0)} req/s, p50 ${health.p50.toFixed(1)} ms, p99 ${health.p99.toFixed(1)} ms`,
    ],
    [
      '  CPU per health request: web server / Postgres / autocannon',
      `${health.cpu.web.toFixed(1)} ms / ${health.cpu.postgres.toFixed(1)} ms / ${health.cpu.loadGenerator.toFixed(1)} ms`,
    ],
    ['one list call alone (in process, 1 at a time)', `p50 ${solo.p50.toFixed(2)} ms, ${solo.statements} SQL statements`],
    ...Object.entries(steps).map(([name, s]): [string, string] => [
      `  in process: ${name}`,
      `${s.rps.toFixed(0)} calls/s, p50 ${s.p50.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, ${s.cpuMs.toFixed(2)} ms CPU per call`,
    ]),
    [
      '  web CPU per list request not in the steps above',
      `${(list.cpu.web - chain.cpuMs).toFixed(1)} ms of ${list.cpu.web.toFixed(1)} ms (Next.js routing and proxy.ts, HTTP parsing and writing, Node streams); a health request costs ${health.cpu.web.toFixed(1)} ms in all`,
    ],
    ['  list p50 over HTTP minus in-process chain p50', `${httpAbove.toFixed(1)} ms (Next.js, HTTP, the server's own event loop queueing)`],
    [
      'POST /api/v1/tickets (unique Idempotency-Key)',
      `${c.create.rps.toFixed(0)} req/s, p50 ${c.create.p50.toFixed(0)} ms, p95 ${c.create.p95.toFixed(0)} ms (${JSON.stringify(c.create.statuses)})`,
    ],
    [
      '  rows / 2xx / in flight at the stop / duplicated',
      `${c.stored} / ${c.created2xx} / ${c.inFlight} / ${c.duplicated} ${c.exact ? '(exactly once)' : '(MISMATCH)'}`,
    ],
    [
      `  same ${c.replayed} keys again`,
      `${c.replayedSame}/${c.replayed} replayed the first answer (same ticket id); rows ${c.stored} → ${c.afterReplay}`,
    ],
    [
      'inbound webhook burst',
      `${run.mails} mails, ${m.burst.rps.toFixed(0)}/s, p50 ${m.burst.p50.toFixed(0)} ms, p95 ${m.burst.p95.toFixed(0)} ms (${JSON.stringify(m.burst.statuses)}, ${m.burst.errors} errors, ${m.burst.timeouts} timeouts)`,
    ],
    ['  retried (not stored by the burst)', String(m.missing)],
    [
      '  stored / duplicated / lost (by Message-ID)',
      `${final.distinct} / ${final.messages - final.distinct} / ${run.mails - final.distinct}; ${final.tickets} tickets ${once ? '(exactly once)' : '(MISMATCH)'}`,
    ],
    [
      `  resent ${RESEND}`,
      `${JSON.stringify(m.resend.statuses)}; messages ${afterBurst.messages} → ${afterResend.messages} ${afterResend.messages === afterBurst.messages ? '(de-duplicated)' : '(DUPLICATED)'}`,
    ],
    [
      'pipeline (burst start → last draft)',
      `${m.drafts}/${m.tickets} drafted, ${m.triaged} triaged in ${m.pipelineS.toFixed(0)} s = ${(m.drafts / m.pipelineS).toFixed(2)} tickets/s${m.pipelineDone ? '' : ` (TIMED OUT after ${run.timeoutMs / 1000} s)`}`,
    ],
    ['  mail → draft p50 / p95', `${percentile(m.mailToDraftS, 50).toFixed(1)} s / ${percentile(m.mailToDraftS, 95).toFixed(1)} s`],
  ];
  for (const [k, v] of rows) console.log(`  ${k.padEnd(58)} ${v}`);
  const { profile } = l;
  if (!profile) return;
  const busy = profile.total - (profile.groups.find(([g]) => g.startsWith('idle'))?.[1] ?? 0);
  // V8 samples wall time: on a loaded machine a preempted thread's wait is charged to what it ran last, most of all to
  // writev (a write to Postgres or the client wakes the reader, which often takes the core right then).
  console.log(
    `  CPU profile of a second next start under the same list load, ${l.profileSeconds} s window, ${l.profiledRequests} requests (self time as V8 samples it, i.e. wall time incl. preemption; busy ${(busy / 1000).toFixed(1)} s of ${(profile.total / 1000).toFixed(1)} s):`,
  );
  for (const [g, ms] of profile.groups.slice(0, 14))
    console.log(
      `    ${g.padEnd(56)} ${(ms / 1000).toFixed(2).padStart(7)} s ${g.startsWith('idle') ? '' : `${((ms / busy) * 100).toFixed(1).padStart(5)} % of busy`}`,
    );
  console.log('    hottest functions:');
  for (const [f, ms] of profile.top) console.log(`      ${(ms / 1000).toFixed(2).padStart(6)} s  ${f.slice(0, 110)}`);
}

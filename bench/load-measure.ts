import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { percentile } from './figures';

/** What bench:load measures with: autocannon with every latency kept, calls timed in process, and CPU from /proc. */

export interface Cannon {
  rps: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Requests autocannon put on the wire; a timed run stops without waiting for the ones still in flight. */
  sent: number;
  seconds: number;
}

/** Runs autocannon and keeps every response's latency, since autocannon's own histogram has no p95. */
export async function cannon(opts: autocannon.Options): Promise<Cannon> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const t0 = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ timeout: 30, ...opts }, (error, r) => (error ? reject(error) : resolve(r)));
    instance.on('response', (_client, status, _bytes, ms) => {
      latencies.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
  const seconds = (performance.now() - t0) / 1000;
  return {
    rps: latencies.length / seconds,
    requests: latencies.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    sent: result.requests.sent,
    seconds,
  };
}

/** `lanes` concurrent loops of `fn` for `seconds`: calls per second and per-call latency, as autocannon would see them. */
export async function inProcess(
  seconds: number,
  lanes: number,
  fn: () => Promise<unknown>,
): Promise<{ rps: number; p50: number; p95: number; cpuMs: number }> {
  const times: number[] = [];
  const until = performance.now() + seconds * 1000;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (performance.now() < until) {
        const s = performance.now();
        await fn();
        times.push(performance.now() - s);
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  return {
    rps: times.length / ((performance.now() - t0) / 1000),
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    cpuMs: (cpu.user + cpu.system) / 1000 / Math.max(1, times.length),
  };
}

/** User + system CPU of processes, from /proc (Linux): what a request costs whatever else the machine runs. */
function cpuMs(pids: number[]): Map<number, number> {
  const used = new Map<number, number>();
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
        .replace(/^.*\) /, '')
        .split(' ');
      used.set(pid, (Number(fields[11]) + Number(fields[12])) * 10); // USER_HZ is 100 on Linux
    } catch {
      // The process ended.
    }
  }
  return used;
}

/** CPU used since `before` by the processes still alive (a pool may close a connection mid-run; its share is lost). */
function cpuSince(before: Map<number, number>): number {
  let ms = 0;
  for (const [pid, now] of cpuMs([...before.keys()])) ms += now - before.get(pid)!;
  return ms;
}

function groupPids(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((pid) => {
      try {
        return (
          Number(
            readFileSync(`/proc/${pid}/stat`, 'utf8')
              .replace(/^.*\) /, '')
              .split(' ')[2],
          ) === pgid
        );
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** A timed autocannon run plus the CPU it cost the web server's processes, Postgres's backends and this process. */
export async function measured(opts: autocannon.Options, server: ChildProcess, pgBackends: () => Promise<number[]>) {
  const webPids = groupPids(server.pid!);
  const pgPids = await pgBackends();
  const [web0, pg0, self0] = [cpuMs(webPids), cpuMs(pgPids), process.cpuUsage()];
  const run = await cannon(opts);
  const self = process.cpuUsage(self0);
  const perRequest = (ms: number) => ms / Math.max(1, run.requests);
  return {
    ...run,
    cpu: {
      web: perRequest(cpuSince(web0)),
      postgres: perRequest(cpuSince(pg0)),
      loadGenerator: perRequest((self.user + self.system) / 1000),
    },
  };
}

import { readFileSync } from 'node:fs';

/** Where a profiled `next start` spent its time, for bench:load's report. */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/**
 * Self time of a V8 .cpuprofile by where the code lives, counting only samples in [fromEndMs, toEndMs] before the
 * profile's end (the process exit), so start-up and warm-up stay out.
 */
export function summariseProfile(
  file: string,
  fromEndMs: number,
  toEndMs: number,
  where: { root: string; distDir: string },
): { total: number; groups: [string, number][]; top: [string, number][] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
    startTime: number;
    endTime: number;
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    const beforeEnd = (profile.endTime - at) / 1000;
    if (beforeEnd <= fromEndMs && beforeEnd >= toEndMs) self.set(id, (self.get(id) ?? 0) + delta / 1000);
  });
  const group = (n: ProfileNode): string => {
    const { url, functionName: fn } = n.callFrame;
    if (fn === '(idle)') return 'idle (waiting on I/O)';
    if (fn === '(garbage collector)') return 'garbage collector';
    if (fn === '(program)') return 'V8/native (program)';
    // Prisma's query compiler is the only WebAssembly the server runs.
    if (url.startsWith('wasm:')) return 'Prisma query compiler (wasm)';
    if (/@prisma\/adapter-pg|node_modules\/pg(-[a-z]+)?\//.test(url)) return 'Postgres driver (pg, adapter-pg)';
    if (/@prisma|\/generated\/|\.prisma\/|query_compiler|query_engine/.test(url)) return 'Prisma client (query compiler, results)';
    if (/ioredis|rate-limiter-flexible|redis-parser/.test(url)) return 'Redis / rate limiter';
    if (/node_modules\/next\/|next-server|\/compiled\//.test(url)) return 'Next.js server (routing, request/response)';
    if (/\.next\/server\//.test(url) || url.includes(`${where.distDir}/server/`)) return 'app bundle (route handlers, bundled packages)';
    if (/node_modules\/zod\//.test(url)) return 'zod';
    if (/^node:|^internal\//.test(url)) return 'Node core (http, streams, net)';
    if (!url && /stringify|parse/i.test(fn)) return 'JSON (native)';
    if (!url) return `native: ${fn || '(anonymous)'}`;
    return `other: ${url.replace(/^.*node_modules\//, '').split('/')[0]}`;
  };
  const groups = new Map<string, number>();
  const top = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    const g = group(node);
    groups.set(g, (groups.get(g) ?? 0) + ms);
    total += ms;
    if (!g.startsWith('idle')) {
      const name = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*node_modules\//, '').replace(where.root, '')}`;
      top.set(name, (top.get(name) ?? 0) + ms);
    }
  }
  const desc = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { total, groups: desc(groups), top: desc(top).slice(0, 12) };
}

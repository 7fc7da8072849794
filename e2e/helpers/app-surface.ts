import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './env';

/**
 * What the web app serves, read from the app itself: route handlers with their HTTP methods, pages, and server
 * actions (from the source and from Next's build manifest). The isolation suite keys its case table on these names,
 * so a route, page or action added later without a case is noticed.
 */

export const WEB = path.join(ROOT, 'apps', 'web');
const APP = path.join(WEB, 'app');
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export interface RouteHandler {
  /** `GET /api/v1/tickets/[id]`: the case table's key. */
  key: string;
  method: string;
  path: string;
  file: string;
}

export interface AppPage {
  key: string;
  path: string;
  file: string;
}

export interface ServerAction {
  /** `app/(app)/inbox/actions.ts#bulkUpdateAction`, relative to apps/web. */
  key: string;
  file: string;
  name: string;
}

export interface ManifestAction {
  id: string;
  key: string;
  /** Pages whose bundle holds the action (`app/(app)/inbox/page`); a call is posted to one of them. */
  workers: string[];
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

const rel = (file: string) => path.relative(WEB, file).split(path.sep).join('/');

/** `app/(app)/tickets/[number]/page.tsx` → `/tickets/[number]`: route groups are not part of the URL. */
export function urlPathOf(fileOrWorker: string): string {
  const segments = fileOrWorker
    .replace(/^app\//, '')
    .split('/')
    .slice(0, -1);
  const url = segments.filter((s) => !(s.startsWith('(') && s.endsWith(')'))).join('/');
  return `/${url}`;
}

function exportedMethods(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?(?:function|const|let)\s+([A-Z]+)\b/g)) found.add(m[1]!);
  for (const block of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of block[1]!.split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) found.add(name);
    }
  }
  return METHODS.filter((m) => found.has(m));
}

export function routeHandlers(): RouteHandler[] {
  return walk(APP)
    .filter((f) => /\/route\.(ts|tsx|js)$/.test(f))
    .flatMap((file) => {
      const url = urlPathOf(rel(file));
      return exportedMethods(readFileSync(file, 'utf8')).map((method) => ({ key: `${method} ${url}`, method, path: url, file: rel(file) }));
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

export function appPages(): AppPage[] {
  return walk(APP)
    .filter((f) => /\/page\.(tsx|ts|jsx|js)$/.test(f))
    .map((file) => ({ key: urlPathOf(rel(file)), path: urlPathOf(rel(file)), file: rel(file) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** A module-level 'use server' directive must be the file's first statement (comments aside). */
function isServerModule(source: string): boolean {
  const body = source.replace(/^(\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/))*\s*/, '');
  return /^['"]use server['"]/.test(body);
}

export function serverActions(): ServerAction[] {
  return walk(WEB)
    .filter((f) => /\.(ts|tsx|js)$/.test(f) && !f.endsWith('.d.ts'))
    .filter((f) => isServerModule(readFileSync(f, 'utf8')))
    .flatMap((file) => {
      const source = readFileSync(file, 'utf8');
      const names = new Set<string>();
      for (const m of source.matchAll(/export\s+async\s+function\s+(\w+)/g)) names.add(m[1]!);
      for (const m of source.matchAll(/export\s+const\s+(\w+)\s*=\s*async\b/g)) names.add(m[1]!);
      for (const m of source.matchAll(/export\s+default\s+async\s+function/g)) if (m) names.add('default');
      return [...names].map((name) => ({ key: `${rel(file)}#${name}`, file: rel(file), name }));
    })
    .sort((a, b) => a.key.localeCompare(b.key));
}

interface ManifestEntry {
  workers: Record<string, unknown>;
  filename?: string;
  exportedName?: string;
}

export const MANIFEST = path.join(WEB, process.env.NEXT_DIST_DIR || '.next', 'server', 'server-reference-manifest.json');

/** Every action id the build registered, with the file and export it runs (inline actions keep their generated name). */
export function manifestActions(): ManifestAction[] {
  if (!existsSync(MANIFEST)) throw new Error(`${MANIFEST} is missing: build the web app first (npm run build -w @helpdesk/web)`);
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as {
    node: Record<string, ManifestEntry>;
    edge?: Record<string, ManifestEntry>;
  };
  return Object.entries({ ...manifest.edge, ...manifest.node }).map(([id, entry]) => {
    const workerInfo = Object.values(entry.workers)[0] as { filename?: string; exportedName?: string } | undefined;
    const filename = (entry.filename ?? workerInfo?.filename ?? '?').replace(/^(\.\/)?(apps\/web\/)?/, '');
    const exportedName = entry.exportedName ?? workerInfo?.exportedName ?? '?';
    return { id, key: `${filename}#${exportedName}`, workers: Object.keys(entry.workers) };
  });
}

/** Route handlers and pages whose source is newer than the build: `/(app)/inbox/page`, `/api/health/route`. */
export function unbuilt(): string[] {
  const manifest = path.join(WEB, process.env.NEXT_DIST_DIR || '.next', 'server', 'app-paths-manifest.json');
  if (!existsSync(manifest)) return ['(no build)'];
  const built = new Set(Object.keys(JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, string>));
  const entries = [
    ...new Set([...routeHandlers(), ...appPages()].map((e) => `/${e.file.replace(/^app\//, '').replace(/\.(tsx?|jsx?)$/, '')}`)),
  ];
  return entries.filter((e) => !built.has(e));
}

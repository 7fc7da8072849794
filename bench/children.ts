import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '@helpdesk/testkit/free-port';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * The processes an end-to-end bench starts (the web app, the workers, stand-in servers). Each leads its own process
 * group, so stopping it also stops whatever it started (next start's workers); their error and warning lines are
 * shown, every line with BENCH_VERBOSE.
 */
export class Children {
  private readonly all: ChildProcess[] = [];

  start(name: string, args: string[], env: Record<string, string>, cwd = ROOT): ChildProcess {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const forward = (d: Buffer) => {
      for (const line of d.toString().split('\n'))
        if (line.trim() && (process.env.BENCH_VERBOSE || /error|failed|warn/i.test(line))) console.log(`  ${name}: ${line.slice(0, 300)}`);
    };
    child.stdout?.on('data', forward);
    child.stderr?.on('data', forward);
    this.all.push(child);
    return child;
  }

  /** SIGTERM to the group, SIGKILL after 15 s. */
  async stop(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    signalGroup(child, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    signalGroup(child, 'SIGKILL');
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.all.map((child) => this.stop(child)));
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group is already gone.
  }
}

/** `next start` of the built web app (apps/web/NEXT_DIST_DIR) on a free loopback port, as one of the bench's children. */
export async function startWebApp(
  children: Children,
  name: string,
  env: Record<string, string>,
  nodeFlags: string[] = [],
): Promise<{ base: string; child: ChildProcess; answers: () => Promise<boolean> }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = children.start(
    name,
    [...nodeFlags, path.join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    { ...env, NEXTAUTH_URL: base, PORT: String(port) },
    path.join(ROOT, 'apps/web'),
  );
  // Refused connections while it starts count as not answering yet.
  const answers = async () => (await fetch(`${base}/api/health`).catch(() => null))?.status === 200;
  return { base, child, answers };
}

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, chownSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Services a fault test may kill: the shared Postgres and Redis are everyone's, so a test that takes a service
 * down starts its own on a port of its own and kills only that process.
 */
async function waitForPort(port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

export interface PrivateRedis {
  port: number;
  url: string;
  /** SIGKILL: with no persistence configured, every key is gone. */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A redis-server with no RDB and no AOF, so a kill loses everything, as a crashed cache node would. */
export async function startPrivateRedis(port: number): Promise<PrivateRedis> {
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitForPort(port);
  };
  const kill = async () => {
    if (!child) return;
    const c = child;
    child = null;
    c.kill('SIGKILL');
    await exited(c);
  };
  process.once('exit', () => child?.kill('SIGKILL'));
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, kill, start, stop: kill };
}

export interface PrivatePostgres {
  port: number;
  url: string;
  /** Immediate shutdown: open connections are cut, as when the server goes away. */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A throwaway cluster made with initdb in a temp dir. Postgres refuses to run as root, so as root the cluster
 * belongs to the `postgres` system user and pg_ctl runs through runuser.
 */
export async function startPrivatePostgres(port: number): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'pg-fault-'));
  const asRoot = process.getuid?.() === 0;
  const run = (bin: string, args: string[]) => {
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args], { stdio: 'ignore' });
    else execFileSync(join(PG_BIN, bin), args, { stdio: 'ignore' });
  };
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  run('initdb', ['-D', dir, '-U', 'postgres', '--auth=trust', '--no-sync']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const start = async () => {
    run('pg_ctl', ['-D', dir, '-o', opts, '-w', '-l', join(dir, 'log'), 'start']);
    await waitForPort(port);
  };
  const stop = async () => run('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']);
  // A test runner that gives up on a hook exits without afterAll: the cluster must not outlive the process.
  const cleanup = () => {
    try {
      run('pg_ctl', ['-D', dir, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Already stopped.
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', cleanup);
  await start();
  return {
    port,
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy: async () => {
      process.off('exit', cleanup);
      cleanup();
    },
  };
}

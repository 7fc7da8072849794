import { spawn, spawnSync } from 'node:child_process';

export function log(msg) {
  process.stdout.write(`\x1b[36m▸\x1b[0m ${msg}\n`);
}

/** Runs a command to completion, streaming its output; throws with the step name when it fails. */
export function run(step, cmd, args, env, opts = {}) {
  log(step);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env, ...opts });
  if (r.status !== 0) {
    const err = new Error(`${step} failed (exit ${r.status ?? r.signal})`);
    err.exitCode = r.status ?? 1;
    throw err;
  }
  log(`${step}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

export function capture(cmd, args, env) {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/**
 * Starts a long-running child with prefixed output, in a process group of its own so that stopping it
 * also stops what it spawned (npx and tsx run the real program as a grandchild).
 */
export function startChild(name, cmd, args, env, opts = {}) {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, ...opts });
  const prefix = `\x1b[35m[${name}]\x1b[0m `;
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream.on('data', (d) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop();
      for (const l of lines) process.stdout.write(prefix + l + '\n');
    });
  }
  return child;
}

export function stopChild(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

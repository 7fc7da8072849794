// Makes sure Postgres and Redis answer; on a user's machine with Docker it starts them from docker-compose.yml.
import net from 'node:net';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { log } from './run.mjs';

function tcpOpen(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

function hostPort(url, fallbackPort) {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || fallbackPort) };
}

function dockerAvailable() {
  return spawnSync('docker', ['info'], { stdio: 'ignore' }).status === 0;
}

async function waitFor(check, seconds) {
  for (let i = 0; i < seconds * 2; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

export async function ensureServices(env) {
  const pgAddr = hostPort(env.DATABASE_URL, 5432);
  const redisAddr = hostPort(env.REDIS_URL, 6379);
  const pgUp = () => tcpOpen(pgAddr.host, pgAddr.port);
  const redisUp = () => tcpOpen(redisAddr.host, redisAddr.port);
  const missing = [];
  if (!(await pgUp())) missing.push('postgres');
  if (!(await redisUp())) missing.push('redis');
  if (missing.length === 0) return;
  if (dockerAvailable()) {
    log(`starting ${missing.join(' and ')} with docker compose`);
    spawnSync('docker', ['compose', 'up', '-d', ...missing], { stdio: 'inherit' });
    if ((await waitFor(pgUp, 60)) && (await waitFor(redisUp, 30))) return;
  }
  const lines = [
    `Cannot reach ${missing.join(' and ')}.`,
    missing.includes('postgres')
      ? `  PostgreSQL expected at ${pgAddr.host}:${pgAddr.port} (DATABASE_URL). Start it, e.g. \`docker compose up -d postgres\` or your system's postgres service, or set DATABASE_URL.`
      : '',
    missing.includes('redis')
      ? `  Redis expected at ${redisAddr.host}:${redisAddr.port} (REDIS_URL). Start it, e.g. \`docker compose up -d redis\` or \`redis-server --daemonize yes\`, or set REDIS_URL.`
      : '',
  ].filter(Boolean);
  throw new Error(lines.join('\n'));
}

/** Creates the database named in DATABASE_URL when it does not exist yet. */
export async function ensureDatabase(databaseUrl) {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      log(`creating database ${name}`);
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    }
  } finally {
    await client.end();
  }
}

export async function databaseIsEmpty(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query('SELECT count(*)::int AS n FROM "Tenant"');
    return r.rows[0].n === 0;
  } finally {
    await client.end();
  }
}

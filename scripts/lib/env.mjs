// Loads .env (if present) under the defaults a fresh clone needs, so `npm start` works with no setup.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

export const DEFAULTS = {
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/helpdesk',
  REDIS_URL: 'redis://127.0.0.1:6379',
  NEXTAUTH_URL: 'http://localhost:3000',
  MODEL_PATH: 'models/tiny-llama-q4_0.gguf',
  NEXT_TELEMETRY_DISABLED: '1',
  TURBO_TELEMETRY_DISABLED: '1',
  CHECKPOINT_DISABLE: '1',
  NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true',
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
};

export function parseDotenv(text) {
  const out = {};
  for (const line of text.split(/\r?\n/)) {
    const m = line.match(/^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/);
    if (!m) continue;
    out[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/** Process env wins over .env, which wins over defaults. A demo secret is created once and kept in .env. */
export function loadEnv({ persistSecret = true } = {}) {
  const file = existsSync('.env') ? parseDotenv(readFileSync('.env', 'utf8')) : {};
  const env = { ...DEFAULTS, ...file, ...process.env };
  if (!env.NEXTAUTH_SECRET) {
    env.NEXTAUTH_SECRET = randomBytes(32).toString('hex');
    if (persistSecret)
      writeFileSync('.env', `${existsSync('.env') ? readFileSync('.env', 'utf8') : ''}NEXTAUTH_SECRET=${env.NEXTAUTH_SECRET}\n`);
  }
  return env;
}

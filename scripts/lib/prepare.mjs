// The steps `npm start` and `npm test` share: install, services, client generation, the tiny model.
import { existsSync } from 'node:fs';
import { run, log } from './run.mjs';

export function ensureInstalled(env) {
  if (!existsSync('node_modules/.package-lock.json') || !existsSync('node_modules/.bin/next')) {
    run('installing dependencies (npm ci)', 'npm', ['ci', '--no-audit', '--no-fund'], env);
  }
}

export function ensureGeneratedClient(env) {
  if (!existsSync('packages/db/src/generated/client.ts')) run('generating the Prisma client', 'node', ['scripts/prisma-generate.mjs'], env);
}

export function ensureTinyModel(env) {
  if (existsSync('models/tiny-llama-q4_0.gguf')) return;
  if (!existsSync('models/scripts/tiny-gguf.ts')) {
    log('models/scripts/tiny-gguf.ts is missing; skipping the tiny model');
    return;
  }
  run('writing the tiny test model (npm run models:tiny)', 'npx', ['tsx', 'models/scripts/tiny-gguf.ts'], env);
}

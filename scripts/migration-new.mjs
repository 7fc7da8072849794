// Writes a reviewed SQL migration for the change between the last applied schema and prisma/schema.prisma,
// using the Prisma CLI's bundled WASM engine (works offline): `npm run db:migration:new -- <name>`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error('usage: npm run db:migration:new -- <snake_case_name>');
  process.exit(2);
}
const dir = 'prisma/migrations';
const previous = execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { encoding: 'utf8' });
const tmp = path.join('prisma', '.schema-previous.prisma');
writeFileSync(tmp, previous);
// The engine variables only have to name an existing file: the CLI diffs on its bundled WASM engine.
const env = {
  ...process.env,
  CHECKPOINT_DISABLE: '1',
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? process.execPath,
};
const diff = spawnSync(
  'npx',
  ['prisma', 'migrate', 'diff', '--from-schema-datamodel', tmp, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
  { env, encoding: 'utf8' },
);
if (diff.status !== 0) {
  console.error(diff.stderr);
  process.exit(diff.status ?? 1);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const target = path.join(dir, `${stamp}_${name}`);
mkdirSync(target, { recursive: true });
writeFileSync(path.join(target, 'migration.sql'), diff.stdout);
console.log(`wrote ${target}/migration.sql (${readdirSync(dir).length} migrations); review it before committing`);

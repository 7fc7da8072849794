import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { envVarFor, loadManifest, MANIFEST_PATH, MODELS_DIR, resolveModelName } from '../src/manifest';
import { pullModel, PullError } from '../src/model-pull';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    list: { type: 'boolean' },
    // Writes MODEL_PATH / EMBEDDING_MODEL_PATH into .env, which `npm start` reads.
    use: { type: 'boolean' },
    manifest: { type: 'string', default: MANIFEST_PATH },
    dir: { type: 'string', default: MODELS_DIR },
  },
});
const manifest = loadManifest(values.manifest);
const name = positionals[0];
if (!name || values.list) {
  console.log('Usage: npm run models:pull -- <chat | embedding | name> [--use]\n');
  for (const [role, key] of Object.entries(manifest.recommended)) console.log(`  ${role.padEnd(26)} = ${key} (recommended)`);
  for (const [key, m] of Object.entries(manifest.models)) {
    console.log(`  ${key.padEnd(26)} ${m.role.padEnd(10)} ~${(m.approxBytes / 1e9).toFixed(2)} GB  ${m.notes ?? ''}`);
  }
  process.exit(name || values.list ? 0 : 1);
}
const resolved = resolveModelName(manifest, name);
if (!resolved) {
  console.error(
    `Unknown model "${name}". Use a role (${Object.keys(manifest.recommended).join(', ')}) or a name: ${Object.keys(manifest.models).join(', ')}`,
  );
  process.exit(1);
}
const { key, entry } = resolved;
if (resolved.viaRole) console.log(`"${name}" is the recommended ${entry.role} model: ${key}.`);

const dest = join(values.dir, entry.file);
let lastDraw = 0;
const mb = (n: number) => (n / 1e6).toFixed(1);
try {
  const result = await pullModel(entry, dest, ({ received, total, speed }) => {
    const now = Date.now();
    if (now - lastDraw < 200 || !process.stderr.isTTY) return;
    lastDraw = now;
    const share = total ? ` ${((received / total) * 100).toFixed(1)}% of ${mb(total)} MB` : '';
    process.stderr.write(`\r${mb(received)} MB${share} ${mb(speed)} MB/s   `);
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (result.verifiedBy === 'manifest-sha256') console.log(`sha256 ${result.sha256} matches the manifest.`);
  else if (result.verifiedBy === 'server-sha256')
    console.log(`sha256 ${result.sha256} matches the hash the server published (not pinned in manifest.json).`);
  else
    console.log(`WARNING: the checksum is not pinned and the server published none; only the size (${result.bytes} bytes) was verified.`);

  const variable = envVarFor(entry.role);
  const value = relative(process.cwd(), resolve(result.path)) || result.path;
  console.log(`Saved ${result.path} (${key}, ${entry.role}).`);
  if (values.use) {
    const lines = existsSync('.env')
      ? readFileSync('.env', 'utf8')
          .split('\n')
          .filter((l) => l && !l.startsWith(`${variable}=`))
      : [];
    writeFileSync('.env', `${[...lines, `${variable}=${value}`].join('\n')}\n`);
    console.log(`Wrote ${variable}=${value} to .env: \`npm start\` (or a restart of the AI worker) loads it.`);
  } else {
    console.log(`To use it: put ${variable}=${value} in .env (or run this again with --use), then \`npm start\`.`);
  }
  if (entry.role === 'embedding')
    console.log('On its next start the AI worker re-embeds the knowledge base; retrieval answers from full text meanwhile.');
} catch (error) {
  if (process.stderr.isTTY) process.stderr.write('\n');
  console.error(error instanceof PullError ? error.message : error);
  process.exit(1);
}

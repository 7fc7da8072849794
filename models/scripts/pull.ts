import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pullModel, PullError, type ModelEntry } from '../src/model-pull';

const modelsDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(modelsDir, 'manifest.json'), 'utf8')) as {
  recommended: Record<string, string>;
  models: Record<string, ModelEntry & { notes?: string }>;
};

const name = process.argv[2];
if (!name || name === '--list') {
  console.log('Usage: npm run models:pull -- <name>\n');
  for (const [key, m] of Object.entries(manifest.models)) {
    console.log(`  ${key.padEnd(26)} ${m.role.padEnd(10)} ~${(m.approxBytes / 1e9).toFixed(2)} GB  ${m.notes ?? ''}`);
  }
  process.exit(name ? 0 : 1);
}
const entry = manifest.models[name];
if (!entry) {
  console.error(`Unknown model "${name}". Known: ${Object.keys(manifest.models).join(', ')}`);
  process.exit(1);
}

const dest = join(modelsDir, entry.file);
let lastDraw = 0;
function draw(received: number, total: number | null, started: number): void {
  const now = Date.now();
  if (now - lastDraw < 200) return;
  lastDraw = now;
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const speed = received / Math.max(1, (now - started) / 1000);
  if (total) {
    const width = 30;
    const done = Math.round((received / total) * width);
    process.stderr.write(`\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] ${((received / total) * 100).toFixed(1)}% ${mb(received)}/${mb(total)} MB ${mb(speed)} MB/s   `);
  } else {
    process.stderr.write(`\r${mb(received)} MB ${mb(speed)} MB/s   `);
  }
}

const started = Date.now();
try {
  const result = await pullModel(entry, dest, (p) => draw(p.received, p.total, started));
  process.stderr.write('\n');
  if (result.resumedFrom) console.log(`Resumed from ${result.resumedFrom} bytes.`);
  if (result.verifiedBy === 'manifest-sha256') console.log(`sha256 ${result.sha256} matches the manifest.`);
  else if (result.verifiedBy === 'server-sha256') console.log(`sha256 ${result.sha256} matches the hash the server published (not pinned in manifest.json).`);
  else console.log(`WARNING: the checksum is not pinned and the server published none; only the size (${result.bytes} bytes) was verified.`);
  console.log(`Saved ${result.path}. Set ${entry.role === 'embedding' ? 'EMBEDDING_MODEL_PATH' : 'MODEL_PATH'}=models/${entry.file}`);
} catch (error) {
  process.stderr.write('\n');
  console.error(error instanceof PullError ? error.message : error);
  process.exit(1);
}

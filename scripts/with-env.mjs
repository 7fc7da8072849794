// Runs a command with the environment `npm start` uses (process env over .env over the defaults), so that
// `npm run seed:scale` or a bench right after `npm start` reaches the same database without any setup.
import { spawnSync } from 'node:child_process';
import { loadEnv } from './lib/env.mjs';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  process.stderr.write('usage: node scripts/with-env.mjs COMMAND [ARGS…]\n');
  process.exit(2);
}
const r = spawnSync(cmd, args, { stdio: 'inherit', env: loadEnv({ persistSecret: false }) });
process.exit(r.status ?? 1);

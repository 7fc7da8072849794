// `npm start`: everything a fresh clone needs, then web + workers together. Ctrl-C stops all of it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadEnv } from './lib/env.mjs';
import { run, log, capture, startChild, stopChild } from './lib/run.mjs';
import { ensureInstalled, ensureGeneratedClient, ensureTinyModel } from './lib/prepare.mjs';

const dev = process.argv.includes('--dev');
const env = loadEnv();
env.PORT ??= '3000';

try {
  ensureInstalled(env);
  const { ensureServices, ensureDatabase, databaseIsEmpty } = await import('./lib/services.mjs');
  await ensureServices(env);
  await ensureDatabase(env.DATABASE_URL);
  ensureGeneratedClient(env);
  run('migrating the database', 'npx', ['tsx', 'packages/db/src/cli/migrate.ts'], env);
  if (await databaseIsEmpty(env.DATABASE_URL)) run('seeding the demo tenant', 'npx', ['tsx', 'prisma/seed.ts'], env);
  ensureTinyModel(env);
  if (!existsSync(env.MODEL_PATH))
    log(`MODEL_PATH ${env.MODEL_PATH} does not exist; AI jobs will fail until it does (npm run models:pull -- chat)`);

  if (!env.ANTHROPIC_API_KEY) {
    // No key: a local Messages API server stands in for the cloud, and the UI says the cloud side is simulated.
    env.ANTHROPIC_BASE_URL ??= 'http://127.0.0.1:4010';
    env.ANTHROPIC_API_KEY = 'simulated';
    env.CLOUD_SIMULATED = 'true';
  }

  // No real SMTP server configured: a local catcher takes the replies and shows them in a web inbox the app links to.
  env.SMTP_URL ??= 'smtp://127.0.0.1:2525';
  if (/^smtp:\/\/(127\.0\.0\.1|localhost):2525\/?$/.test(env.SMTP_URL)) env.MAIL_CATCHER_URL ??= 'http://127.0.0.1:2580';

  if (!dev) {
    const head = capture('git', ['rev-parse', 'HEAD'], env).out.trim();
    const stamp = 'apps/web/.next/BUILD_COMMIT';
    const built = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
    if (!existsSync('apps/web/.next/BUILD_ID') || built !== head || head === '') {
      run('building the web app', 'npm', ['run', 'build', '-w', '@helpdesk/web'], env);
      writeFileSync(stamp, head);
    }
  }
} catch (error) {
  console.error(`\n\x1b[31m✖ ${error.message}\x1b[0m`);
  process.exit(error.exitCode ?? 1);
}

const children = [];
if (env.CLOUD_SIMULATED && existsSync('packages/testkit/src/fake-anthropic-cli.ts')) {
  children.push(
    startChild(
      'cloud-sim',
      'npx',
      ['tsx', 'packages/testkit/src/fake-anthropic-cli.ts', '--port', new URL(env.ANTHROPIC_BASE_URL).port || '4010'],
      env,
    ),
  );
}
if (env.MAIL_CATCHER_URL) {
  children.push(
    startChild(
      'mail-catcher',
      'npx',
      [
        'tsx',
        'packages/testkit/src/smtp-capture-cli.ts',
        '--port',
        '2525',
        '--dir',
        '.data/mailbox',
        '--http-port',
        new URL(env.MAIL_CATCHER_URL).port || '2580',
      ],
      env,
    ),
  );
}
children.push(startChild('web', 'npm', ['run', dev ? 'dev' : 'start', '-w', '@helpdesk/web'], env));
for (const worker of ['ops', 'ai']) {
  if (existsSync(`workers/${worker}/src/main.ts`))
    children.push(startChild(`worker-${worker}`, 'npx', ['tsx', `workers/${worker}/src/main.ts`], env));
}

const url = `http://localhost:${env.PORT}`;
setTimeout(() => {
  log(`Helpdesk is starting at ${url}`);
  log('Demo logins (password demo-password-1): owner@acme.test, admin@acme.test, agent@acme.test, billing@acme.test');
  if (env.MAIL_CATCHER_URL) log(`Replies go to a local mail catcher: read them at ${env.MAIL_CATCHER_URL}`);
  if (env.CLOUD_SIMULATED) log('No ANTHROPIC_API_KEY: escalated drafts go to a simulated cloud model on this machine.');
}, 1500);

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  for (const c of children) stopChild(c);
  setTimeout(() => {
    for (const c of children) stopChild(c, 'SIGKILL');
    process.exit(code);
  }, 10_000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r))))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
for (const c of children) c.once('exit', (code) => !stopping && (console.error(`a process exited (${code}); stopping`), stop(code ?? 1)));

// `npm test`: install if needed, then lint, typecheck, unit + integration tests (Vitest), the web build and the
// end-to-end tests (Playwright in Debian's chromium). Every stage runs; the last line sums them up.
import { existsSync, readFileSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { loadEnv } from './lib/env.mjs';
import { run, log } from './lib/run.mjs';
import { ensureInstalled, ensureGeneratedClient, ensureTinyModel } from './lib/prepare.mjs';

const env = loadEnv({ persistSecret: false });
env.DATABASE_URL = env.TEST_DATABASE_BASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
env.NEXTAUTH_SECRET = 'test-secret-test-secret-test-secret';
const only = process.argv.slice(2);
const wants = (stage) => only.length === 0 || only.includes(stage);
mkdirSync('test-results', { recursive: true });

const E2E_AGENT_SPECS = [
  'ai.spec.ts',
  'billing.spec.ts',
  'composer.spec.ts',
  'day-one.spec.ts',
  'day-two.spec.ts',
  'escalation.spec.ts',
  'helpdesk.spec.ts',
  'reports.spec.ts',
  'triage.spec.ts',
];

const failures = [];
const counts = { passed: 0, failed: 0, skipped: 0 };

function stage(name, fn) {
  try {
    fn();
  } catch (error) {
    failures.push(name);
    console.error(`\x1b[31m✖ ${error.message}\x1b[0m`);
  }
}

function addCounts(file, read) {
  if (!existsSync(file)) return;
  const c = read(JSON.parse(readFileSync(file, 'utf8')));
  counts.passed += c.passed;
  counts.failed += c.failed;
  counts.skipped += c.skipped;
}

try {
  ensureInstalled(env);
  const { ensureServices } = await import('./lib/services.mjs');
  await ensureServices(env);
  ensureGeneratedClient(env);
  ensureTinyModel(env);
} catch (error) {
  console.error(`\x1b[31m✖ ${error.message}\x1b[0m`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

if (wants('lint')) stage('lint', () => run('lint', 'npx', ['turbo', 'run', 'lint', '--concurrency=2', '--output-logs=errors-only'], env));
if (wants('lint'))
  stage('format', () =>
    run('formatting (prettier --check; `npm run format` fixes it)', 'npx', ['prettier', '--check', '.', '--log-level', 'warn'], env),
  );
if (wants('typecheck'))
  stage('typecheck', () => run('typecheck', 'npx', ['turbo', 'run', 'typecheck', '--concurrency=2', '--output-logs=errors-only'], env));
if (wants('unit')) {
  stage('unit and integration tests', () =>
    run(
      'unit and integration tests (vitest)',
      'npx',
      ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json'],
      env,
    ),
  );
  addCounts('test-results/vitest.json', (r) => ({
    passed: r.numPassedTests,
    failed: r.numFailedTests,
    skipped: r.numPendingTests + (r.numTodoTests ?? 0),
  }));
}
if (wants('e2e')) {
  stage('web build', () => run('building the web app', 'npm', ['run', 'build', '-w', '@helpdesk/web'], env));
  if (!failures.includes('web build')) {
    // Two stages, each with a world of its own, so that neither nears the 20 minutes a stage may take as specs are
    // added. The second takes every spec the first does not name, so a new spec always runs somewhere.
    const specs = readdirSync('e2e').filter((f) => f.endsWith('.spec.ts'));
    const agents = specs.filter((f) => E2E_AGENT_SPECS.includes(f));
    const e2eStages = [
      ['end-to-end tests: agents, AI and reports', agents],
      ['end-to-end tests: accounts, admin, mail and security', specs.filter((f) => !agents.includes(f))],
    ];
    for (const [i, [name, files]] of e2eStages.entries()) {
      const json = path.resolve(`test-results/playwright-${i + 1}.json`);
      rmSync(json, { force: true });
      stage(name, () =>
        run(`${name} (playwright)`, 'npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', ...files.map((f) => `e2e/${f}`)], {
          ...env,
          PLAYWRIGHT_JSON_OUTPUT_NAME: json,
        }),
      );
      addCounts(json, (r) => ({
        passed: r.stats.expected,
        failed: r.stats.unexpected + (r.stats.flaky ?? 0),
        skipped: r.stats.skipped,
      }));
    }
  }
}

// Stages without their own test counts (lint, typecheck, build) count as one failure each when they fail.
const stageFailures = failures.filter((f) => f !== 'unit and integration tests' && !f.startsWith('end-to-end tests')).length;
log(failures.length ? `failed stages: ${failures.join(', ')}` : 'all stages passed');
console.log(`${counts.passed} passed, ${counts.failed + stageFailures} failed, ${counts.skipped} skipped`);
process.exit(failures.length ? 1 : 0);

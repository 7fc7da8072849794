import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { BASE_URL, MAILBOX_DIR, PORTS, ROOT, SERVER_ENV } from './helpers/env';

if (!existsSync(path.join(ROOT, 'apps/web', process.env.NEXT_DIST_DIR || '.next', 'BUILD_ID'))) {
  throw new Error(
    'apps/web/.next is missing: build the web app first with `npm run build -w @helpdesk/web` (`npm test` does this for you).',
  );
}

const optional = (file: string) => existsSync(path.join(ROOT, file));
const tsx = (file: string, args = '') => `npx tsx ${file}${args ? ` ${args}` : ''}`;

// Started in order; each waits for the previous one to be ready. The first prepares the database
// (see global-setup.ts for why that is a webServer and not globalSetup).
const servers = [
  { command: tsx('e2e/global-setup.ts', '--hold'), cwd: ROOT, wait: { stdout: /e2e world ready/ }, timeout: 1_200_000 },
  ...(optional('packages/testkit/src/fake-anthropic-cli.ts')
    ? [{ command: tsx('packages/testkit/src/fake-anthropic-cli.ts', `--port ${PORTS.cloud}`), cwd: ROOT, port: PORTS.cloud }]
    : []),
  {
    command: tsx('packages/testkit/src/smtp-capture-cli.ts', `--port ${PORTS.smtp} --dir ${MAILBOX_DIR} --http-port ${PORTS.catcher}`),
    cwd: ROOT,
    port: PORTS.smtp,
  },
  ...['workers/ops/src/main.ts', 'workers/ai/src/main.ts'].filter(optional).map((file) => ({ command: tsx(file), cwd: ROOT })),
  {
    // As `npm start` runs it, so that security.spec.ts checks the address the web app listens on by default.
    command: 'npm run start',
    cwd: path.join(ROOT, 'apps/web'),
    url: `${BASE_URL}/api/health`,
    timeout: 120_000,
  },
];

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: path.join(ROOT, 'test-results', process.env.E2E_PORT_OFFSET ? `e2e-${process.env.E2E_PORT_OFFSET}` : 'e2e'),
  workers: 1,
  retries: 0,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : 'list',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    ...devices['Desktop Chrome'],
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: servers.map((s) => ({
    reuseExistingServer: false,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
    timeout: 60_000,
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 5_000 },
    ...s,
    env: SERVER_ENV,
  })),
});

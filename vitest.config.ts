import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'workers/*/test/**/*.test.ts', 'models/test/**/*.test.ts'],
    globalSetup: ['packages/testkit/src/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: {
      NEXTAUTH_SECRET: 'test-secret-test-secret-test-secret',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres',
      NODE_LLAMA_CPP_SKIP_DOWNLOAD: 'true',
    },
  },
});

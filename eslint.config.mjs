import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

/**
 * The layers (see ARCHITECTURE.md): apps/web pages, components, server actions and route handlers are adapters
 * that call domain functions; only apps/web/lib may hold database clients. Packages never import a framework.
 */

// Entry points are a package's exports map (`@helpdesk/core/auth`), never a file inside it.
const deepIndex = {
  group: ['@helpdesk/*/**/index', '@helpdesk/*/**/index.ts'],
  message: 'Import the entry point (e.g. @helpdesk/core/auth), not its index file.',
};

const prismaInWeb = {
  paths: [
    { name: '@prisma/client', message: 'apps/web talks to the database through domain functions in packages/*.' },
    {
      name: '@helpdesk/db',
      importNames: ['Prisma', 'PrismaClient', 'createDb', 'createSystemClient'],
      allowTypeImports: true,
      message: 'Queries belong in a domain function in packages/*; pages, components, actions and routes call it.',
    },
  ],
  patterns: [
    {
      group: ['@prisma/*', '**/generated/client', '**/generated/client/*', '@helpdesk/db/*'],
      message: 'apps/web talks to the database through domain functions in packages/*.',
    },
    deepIndex,
  ],
};

const frameworkInPackages = {
  paths: ['next', 'react', 'react-dom'].map((name) => ({
    name,
    message: 'Packages hold domain logic: no Next.js or React (those belong in apps/web).',
  })),
  patterns: [
    {
      group: ['next/*', 'react/*', 'react-dom/*', '@/*'],
      message: 'Packages hold domain logic: no Next.js or React (those belong in apps/web).',
    },
    deepIndex,
  ],
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/.next/**', '**/.next-*/**', '**/generated/**', '**/dist/**', 'reports/**', '**/next-env.d.ts'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      // How import-x reads a dependency to follow its imports (no-cycle walks the graph through them).
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
          conditionNames: ['types', 'import', 'node', 'default'],
          // The `@/` alias of apps/web.
          tsconfig: { configFile: fileURLToPath(new URL('./apps/web/tsconfig.json', import.meta.url)) },
        }),
      ],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      'import-x/no-cycle': ['error', { ignoreExternal: false }],
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [deepIndex] }],
    },
  },
  {
    files: ['apps/web/app/**/*.{ts,tsx}', 'apps/web/components/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', prismaInWeb],
      'no-restricted-syntax': [
        'error',
        {
          // db().ticket.findMany(…), systemDb().$queryRaw`…`: a query written in a page instead of a domain function.
          selector: "MemberExpression[object.type='CallExpression'][object.callee.name=/^(db|systemDb)$/]",
          message: 'Queries belong in a domain function in packages/* (tenant-scoped); pass db() to it instead.',
        },
      ],
    },
  },
  {
    files: ['packages/*/src/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', frameworkInPackages] },
  },
  {
    // Product code logs through @helpdesk/logging (JSON, request and tenant ids, redaction); command-line tools and the
    // test kit's stand-in servers print to the person who ran them.
    files: ['apps/web/**/*.{ts,tsx}', 'packages/*/src/**/*.{ts,tsx}', 'workers/*/src/**/*.{ts,tsx}'],
    ignores: ['packages/*/src/cli/**', 'packages/testkit/**'],
    rules: { 'no-console': 'error' },
  },
);

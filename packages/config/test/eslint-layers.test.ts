import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT as root } from '../src/paths';

// The repository's own eslint.config.mjs, applied to code as if it sat at `filePath`. The cycle check walks the
// whole import graph of every fixture (slow on a busy machine) and is not what these tests are about.
const eslint = new ESLint({ cwd: root, overrideConfig: { rules: { 'import-x/no-cycle': 'off' } } });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('ESLint keeps the layers', { timeout: 180_000 }, () => {
  it('fails when a page imports Prisma or queries the database itself', async () => {
    const page = 'apps/web/app/(app)/fixture/page.tsx';
    expect(await ruleIds("import { PrismaClient } from '@prisma/client';\nexport const c = new PrismaClient();\n", page)).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
    expect(await ruleIds("import { Prisma } from '@helpdesk/db';\nexport const q = Prisma.sql`SELECT 1`;\n", page)).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
    expect(await ruleIds("import { db } from '@/lib/clients';\nexport const rows = () => db().ticket.findMany();\n", page)).toContain(
      'no-restricted-syntax',
    );
    expect(
      await ruleIds(
        "import { db } from '@/lib/clients';\nexport const rows = () => db().ticket.findMany();\n",
        'apps/web/components/fixture/list.tsx',
      ),
    ).toContain('no-restricted-syntax');
  });

  it('lets a page call a domain function with db() and import types and errors', async () => {
    const code =
      "import type { Prisma } from '@helpdesk/db';\nimport { NotFoundError } from '@helpdesk/db';\nimport { listTickets } from '@helpdesk/core';\nimport { db } from '@/lib/clients';\nexport type W = Prisma.TicketWhereInput;\nexport const load = () => listTickets(db(), 't', {}, 'updated_desc', null, 10, {});\nexport const E = NotFoundError;\n";
    expect(await ruleIds(code, 'apps/web/app/(app)/fixture/page.tsx')).toEqual([]);
  });

  it('keeps Next.js and React out of the packages, and index files out of imports', async () => {
    expect(
      await ruleIds("import { redirect } from 'next/navigation';\nexport const r = redirect;\n", 'packages/core/src/fixture.ts'),
    ).toContain('@typescript-eslint/no-restricted-imports');
    expect(await ruleIds("import { useState } from 'react';\nexport const s = useState;\n", 'packages/billing/src/fixture.ts')).toContain(
      '@typescript-eslint/no-restricted-imports',
    );
    expect(
      await ruleIds("import { signUp } from '@helpdesk/core/auth/index';\nexport const s = signUp;\n", 'workers/ops/src/fixture.ts'),
    ).toContain('@typescript-eslint/no-restricted-imports');
  });
});

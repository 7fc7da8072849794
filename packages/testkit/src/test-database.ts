import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '@helpdesk/db';

const BASE = process.env.TEST_DATABASE_BASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const TEMPLATE = 'helpdesk_test_template';

export function adminUrl(): string {
  return BASE;
}

export function testDatabaseUrl(name: string): string {
  const url = new URL(BASE);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: BASE });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Migrates a template database once (rebuilt each test run), then clones it per caller, so that test
 * files run in parallel on databases of their own.
 */
export async function prepareTemplate(): Promise<void> {
  await withAdmin(async (c) => {
    await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [TEMPLATE]);
    await c.query(`DROP DATABASE IF EXISTS ${TEMPLATE}`);
    await c.query(`CREATE DATABASE ${TEMPLATE}`);
  });
  await migrate(testDatabaseUrl(TEMPLATE));
}

export async function createTestDatabase(prefix = 'hd_test'): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`));
  return {
    name,
    url: testDatabaseUrl(name),
    drop: () =>
      withAdmin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}

/** Removes databases left by runs that were killed before cleaning up. */
export async function dropStaleTestDatabases(prefix = 'hd_test'): Promise<void> {
  await withAdmin(async (c) => {
    const rows = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${prefix}\\_%`]);
    for (const r of rows.rows) await c.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
  });
}

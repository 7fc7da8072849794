import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { defaultMigrationsDir, migrate } from '@helpdesk/db';
import { withClient } from './pg-client';

const BASE = process.env.TEST_DATABASE_BASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const PREFIX = 'hd_test';
// Test databases older than this belong to runs that died before cleaning up.
const STALE_MS = 3 * 3600_000;

export function adminUrl(): string {
  return BASE;
}

export function testDatabaseUrl(name: string): string {
  const url = new URL(BASE);
  url.pathname = `/${name}`;
  return url.toString();
}

const withAdmin = <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => withClient(BASE, fn);

/** The template is named after the migrations it holds, so a changed migration gets a fresh template. */
function templateName(): string {
  const dir = defaultMigrationsDir();
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(path.join(dir, name, 'migration.sql')));
  return `hd_tpl_${hash.digest('hex').slice(0, 12)}`;
}

/**
 * Builds the migrated template once per set of migrations; concurrent runs wait on an advisory lock and
 * reuse it. Test files then clone it, so they run in parallel on databases of their own.
 */
export async function prepareTemplate(): Promise<string> {
  const name = templateName();
  await withAdmin(async (c) => {
    await c.query('SELECT pg_advisory_lock(727002)');
    try {
      const ready = await c.query(`SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = $1`, [name]);
      if (ready.rows[0]?.note === 'ready') return;
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${name}`);
      await migrate(testDatabaseUrl(name));
      await c.query(`COMMENT ON DATABASE ${name} IS 'ready'`);
    } finally {
      await c.query('SELECT pg_advisory_unlock(727002)');
    }
  });
  return name;
}

export async function createTestDatabase(prefix = PREFIX): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const template = await prepareTemplate();
  const name = `${prefix}_${Date.now()}_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    name,
    url: testDatabaseUrl(name),
    drop: () =>
      withAdmin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}

/** Drops test databases and templates left by runs that were killed, never ones a running test may use. */
export async function dropStaleTestDatabases(): Promise<void> {
  const current = templateName();
  await withAdmin(async (c) => {
    const rows = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'hd\\_test\\_%' OR datname LIKE 'hd\\_tpl\\_%'`,
    );
    for (const { datname } of rows.rows) {
      const stamp = Number(datname.split('_')[2]);
      const stale = datname.startsWith('hd_tpl_') ? datname !== current : Number.isFinite(stamp) && Date.now() - stamp > STALE_MS;
      if (stale) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => {});
    }
  });
}

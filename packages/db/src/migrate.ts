import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { Prisma } from './generated/client';
import { PATHS } from '@helpdesk/config/paths';

/**
 * Applies the reviewed SQL files in prisma/migrations, recording them in Prisma's own
 * `_prisma_migrations` table (same columns and checksums) so that `prisma migrate deploy`
 * keeps working for users whose machines can download Prisma's engines.
 */
export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
}

const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any constant works; it only has to be the same for every process migrating this database.
const LOCK_ID = 727_001;

export function defaultMigrationsDir(): string {
  return PATHS.migrations;
}

async function listMigrations(dir: string): Promise<{ name: string; sql: string; checksum: string }[]> {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return Promise.all(
    entries.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

export async function migrate(
  databaseUrl: string,
  dir = defaultMigrationsDir(),
  log: (line: string) => void = () => {},
): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
    await client.query(MIGRATIONS_TABLE);
    const done = await client.query<{ migration_name: string; checksum: string }>(
      'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    const doneByName = new Map(done.rows.map((r) => [r.migration_name, r.checksum]));
    const applied: string[] = [];
    for (const m of await listMigrations(dir)) {
      const previous = doneByName.get(m.name);
      if (previous) {
        if (previous !== m.checksum)
          throw new Error(`Migration ${m.name} was edited after it was applied (checksum differs); add a new migration instead.`);
        continue;
      }
      log(`applying ${m.name}`);
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`);
      }
      applied.push(m.name);
    }
    await assertSchemaPresent(client);
    return { applied, alreadyApplied: doneByName.size };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]).catch(() => {});
    await client.end();
  }
}

/** A migrate step can "succeed" having created nothing; this makes that loud. */
export async function assertSchemaPresent(client: pg.Client): Promise<void> {
  const expected = Object.values(Prisma.ModelName);
  const found = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ANY($1)`,
    [expected],
  );
  const present = new Set(found.rows.map((r) => r.table_name));
  const missing = expected.filter((t) => !present.has(t));
  if (missing.length > 0) throw new Error(`Database schema is incomplete after migrating; missing tables: ${missing.join(', ')}`);
}

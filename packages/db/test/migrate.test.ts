import { mkdtemp, mkdir, writeFile, cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, adminUrl, testDatabaseUrl } from '@helpdesk/testkit';
import { defaultMigrationsDir, migrate } from '@helpdesk/db';

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

describe('offline migrator', () => {
  const name = `hd_test_empty_${process.pid}`;
  const url = testDatabaseUrl(name);

  beforeAll(async () => {
    await query(adminUrl(), `DROP DATABASE IF EXISTS ${name}`);
    await query(adminUrl(), `CREATE DATABASE ${name}`);
  });
  afterAll(async () => {
    await query(adminUrl(), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('applies every migration to an empty database, records it as Prisma does, and is idempotent', async () => {
    const first = await migrate(url);
    const dirs = (await import('node:fs')).readdirSync(defaultMigrationsDir()).sort();
    expect(first.applied).toEqual(dirs);
    const rows = await query<{ migration_name: string; checksum: string }>(
      url,
      'SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(dirs);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
    const second = await migrate(url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(dirs.length);
  });

  it('refuses a migration edited after it was applied', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'migrations-'));
    await cp(defaultMigrationsDir(), dir, { recursive: true });
    const [firstDir] = (await import('node:fs')).readdirSync(dir).sort();
    await writeFile(path.join(dir, firstDir!, 'migration.sql'), '-- edited\nSELECT 1;');
    await expect(migrate(url, dir)).rejects.toThrow(/edited after it was applied/);
  });

  it('rolls back a failing migration and leaves no record of it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'migrations-'));
    await cp(defaultMigrationsDir(), dir, { recursive: true });
    await mkdir(path.join(dir, '29990101000000_broken'));
    await writeFile(
      path.join(dir, '29990101000000_broken', 'migration.sql'),
      'CREATE TABLE "Half" (id int); SELECT * FROM "DoesNotExist";',
    );
    await expect(migrate(url, dir)).rejects.toThrow(/29990101000000_broken failed/);
    const half = await query(url, `SELECT 1 FROM information_schema.tables WHERE table_name = 'Half'`);
    expect(half).toHaveLength(0);
    const recorded = await query(url, `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29990101000000_broken'`);
    expect(recorded).toHaveLength(0);
  });

  it('fails loudly when a migration run leaves tables missing', async () => {
    const db = await createTestDatabase();
    try {
      await query(db.url, 'DROP TABLE "Notification"');
      await expect(migrate(db.url)).rejects.toThrow(/missing tables: Notification/);
    } finally {
      await db.drop();
    }
  });

  it('keeps the usage ledger append-only', async () => {
    const db = await createTestDatabase();
    try {
      await query(
        db.url,
        `INSERT INTO "Tenant" (id, name, slug, "inboundAlias", "inboundSecret", "updatedAt") VALUES ('t1', 'T', 't1', 't1', 's', now())`,
      );
      await query(
        db.url,
        `INSERT INTO "UsageEvent" (id, "tenantId", feature, model, provider, "costMicros", "idempotencyKey") VALUES ('u1', 't1', 'TRIAGE', 'm', 'LOCAL', 5, 'k1')`,
      );
      await expect(query(db.url, `UPDATE "UsageEvent" SET "costMicros" = 0`)).rejects.toThrow(/append-only/);
      await expect(query(db.url, `DELETE FROM "UsageEvent"`)).rejects.toThrow(/append-only/);
      await query(db.url, `DELETE FROM "Tenant" WHERE id = 't1'`);
      expect(await query(db.url, `SELECT 1 FROM "UsageEvent"`)).toHaveLength(0);
    } finally {
      await db.drop();
    }
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createDb, createSystemClient, type Db, type SystemClient } from '@helpdesk/db';
import { createTestDatabase } from './test-database';

export interface TestDatabase {
  url: string;
  db: Db;
  systemDb: SystemClient;
}

/**
 * A database of the test file's own, cloned from the migrated template before its tests and dropped after them,
 * with a tenant-guarded client (`pool` connections) and a system client. Its fields are set when beforeAll runs:
 * read them in tests and in the file's own hooks. A `prefix` of its own keeps a suite's databases apart from the
 * hd_test_* ones that other suites' global setup sweeps away.
 */
export function useTestDatabase(options: { pool?: number; prefix?: string } = {}): TestDatabase {
  const world = {} as TestDatabase;
  let drop: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    const database = await createTestDatabase(options.prefix);
    drop = database.drop;
    world.url = database.url;
    world.db = createDb(database.url, options.pool ?? 5);
    world.systemDb = createSystemClient(database.url, 2);
  });
  afterAll(async () => {
    await Promise.all([world.db?.$disconnect(), world.systemDb?.$disconnect()]);
    await drop();
  });
  return world;
}

/** A directory of the file's own under the system temp dir (`path`, set when beforeAll runs), removed after its tests. */
export function useTempDir(prefix: string): { path: string } {
  const dir = { path: '' };
  beforeAll(async () => {
    dir.path = await mkdtemp(join(tmpdir(), prefix));
  });
  afterAll(async () => {
    if (dir.path) await rm(dir.path, { recursive: true, force: true });
  });
  return dir;
}

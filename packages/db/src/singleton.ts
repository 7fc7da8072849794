import { loadConfig } from '@helpdesk/config';
import { createDb, createSystemClient, type Db, type SystemClient } from './client';

// One pool per process; Next.js dev reloads modules, so the instance lives on globalThis.
const holder = globalThis as unknown as { __helpdeskDb?: Db; __helpdeskSystemDb?: SystemClient };

export function getDb(): Db {
  holder.__helpdeskDb ??= createDb(loadConfig().DATABASE_URL);
  return holder.__helpdeskDb;
}

/** Unscoped: for auth (finding a user's tenants), platform views and cross-tenant jobs only. */
export function getSystemDb(): SystemClient {
  holder.__helpdeskSystemDb ??= createSystemClient(loadConfig().DATABASE_URL, 5);
  return holder.__helpdeskSystemDb;
}

export async function disconnectDb(): Promise<void> {
  await Promise.all([holder.__helpdeskDb?.$disconnect(), holder.__helpdeskSystemDb?.$disconnect()]);
  holder.__helpdeskDb = undefined;
  holder.__helpdeskSystemDb = undefined;
}

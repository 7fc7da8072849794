import type pg from 'pg';
import { withClient } from '@helpdesk/testkit/pg-client';
import { SERVER_ENV } from './env';

/** One query against the e2e database, for arranging state and checking what the app stored. */
export async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  return withClient(SERVER_ENV.DATABASE_URL as string, async (c) => (await c.query<T>(text, values)).rows);
}

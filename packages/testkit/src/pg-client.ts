import pg from 'pg';

/** One connection for `fn`, closed afterwards whatever happens: for fixtures written in SQL and for admin statements. */
export async function withClient<T>(databaseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

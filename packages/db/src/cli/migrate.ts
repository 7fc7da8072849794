import { migrate } from '../migrate';
import { databaseUrlFromEnv } from '@helpdesk/config/cli/args';

const url = databaseUrlFromEnv();
try {
  const result = await migrate(url, undefined, (line) => console.log(`[migrate] ${line}`));
  console.log(`[migrate] ${result.applied.length} applied, ${result.alreadyApplied} already present; all tables present`);
} catch (err) {
  // Postgres' "invalid catalog name": the most common first-run mistake, so say how to get past it instead of a stack.
  if ((err as { code?: string }).code === '3D000') {
    console.error(`[migrate] ${(err as Error).message}: create it (createdb, or npm start, which creates it) and run again`);
    process.exit(1);
  }
  throw err;
}

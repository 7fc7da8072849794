import { migrate } from '../migrate';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set; set it, e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:5432/helpdesk');
  process.exit(1);
}
const result = await migrate(url, undefined, (line) => console.log(`[migrate] ${line}`));
console.log(`[migrate] ${result.applied.length} applied, ${result.alreadyApplied} already present; all tables present`);

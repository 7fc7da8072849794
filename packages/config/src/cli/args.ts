/**
 * Command-line input of the repo's scripts, benches and stand-in servers, checked one way: a bad value ends the
 * process with status 2 (a usage error) and one line saying what was expected.
 */
export function exitWithUsage(message: string): never {
  console.error(message);
  process.exit(2);
}

/** A whole-number option (`--runs 40`) from `min` to `max`; without `max`, any from `min` up. */
export function integerOption(name: string, raw: string | undefined, min: number, max?: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || (max !== undefined && n > max))
    exitWithUsage(`--${name}: expected an integer ${max === undefined ? `of at least ${min}` : `${min}-${max}`}, got "${raw}"`);
  return n;
}

/** DATABASE_URL, for a script that works on a database (migrate, the seeds, the benches that read it). */
export function databaseUrlFromEnv(): string {
  const url = process.env.DATABASE_URL;
  if (!url) exitWithUsage('DATABASE_URL is not set; set it, e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:5432/helpdesk');
  return url;
}

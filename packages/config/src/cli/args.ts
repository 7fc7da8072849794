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

/** One of a fixed set of words (`--dataset banking77`), typed as that set. */
export function choiceOption<T extends string>(name: string, raw: string | undefined, choices: readonly T[]): T {
  if (!choices.includes(raw as T)) {
    const list = choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}` : choices.join('');
    exitWithUsage(`--${name}: expected ${list}, got "${raw}"`);
  }
  return raw as T;
}

/** DATABASE_URL, for a script that works on a database (migrate, the seeds, the benches that read it). */
export function databaseUrlFromEnv(): string {
  const url = process.env.DATABASE_URL;
  if (!url) exitWithUsage('DATABASE_URL is not set; set it, e.g. DATABASE_URL=postgresql://postgres@127.0.0.1:5432/helpdesk');
  return url;
}

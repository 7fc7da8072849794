import { configSchema, type AppConfig } from './schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment; throws ConfigError naming each bad variable and an example value. */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const example = configSchema.shape[key as keyof typeof configSchema.shape]?.description;
    const what = env[key] === undefined ? 'is not set' : `is invalid (${issue.message})`;
    return `${key} ${what}; set it, e.g. ${key}=${example ?? '…'}`;
  });
  throw new ConfigError(problems);
}

let cached: AppConfig | undefined;

export function loadConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

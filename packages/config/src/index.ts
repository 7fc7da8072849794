export { loadConfig, parseConfig, ConfigError } from './config';
export { configSchema, type AppConfig } from './schema';
export { RATE_LIMIT_NAMES, parseRateLimits, type RateLimitName, type RateLimitRule, type RateLimitOverrides } from './rate-limits';

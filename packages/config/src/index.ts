export { loadConfig, parseConfig, ConfigError } from './config';
export { configSchema, type AppConfig } from './schema';

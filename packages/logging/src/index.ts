import { AsyncLocalStorage } from 'node:async_hooks';
import { destination as fileDestination, pino, stdTimeFunctions, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { configSchema } from '@helpdesk/config';

/** What every line logged inside a request or a job carries, so one tenant's or one request's lines can be found. */
export interface LogContext {
  requestId?: string;
  tenantId?: string;
  jobId?: string;
  queue?: string;
}

const context = new AsyncLocalStorage<LogContext>();

/**
 * Keys whose values never reach a log line: credentials, and message bodies (customer text is personal data).
 * pino matches these at any depth we list; bodies are logged by id, never by content.
 */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'apiKey',
  '*.apiKey',
  'authorization',
  '*.authorization',
  'cookie',
  '*.cookie',
  'headers.authorization',
  'headers.cookie',
  'body',
  '*.body',
  'text',
  '*.text',
  'html',
  '*.html',
  'bodyText',
  '*.bodyText',
  'bodyHtml',
  '*.bodyHtml',
  'prompt',
  '*.prompt',
  'content',
  '*.content',
];

export interface LoggerSetup {
  level?: string;
  /** JSON lines (production, collectors) or human-readable lines (a developer's terminal). */
  pretty?: boolean;
  /** Where lines go; tests pass a stream to read them back. */
  destination?: DestinationStream;
}

function defaultSetup(): Required<Pick<LoggerSetup, 'level' | 'pretty'>> {
  // The same schema as the rest of the configuration, so an invalid LOG_LEVEL is refused the same way; a logger
  // must still come up when other settings are wrong, so only this one field is read here.
  const level = configSchema.shape.LOG_LEVEL.safeParse(process.env.LOG_LEVEL);
  return { level: level.success ? level.data : 'info', pretty: process.env.NODE_ENV !== 'production' && process.env.LOG_FORMAT !== 'json' };
}

export function createLogger(setup: LoggerSetup = {}): Logger {
  const defaults = defaultSetup();
  const options: LoggerOptions = {
    level: setup.level ?? defaults.level,
    base: undefined,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: () => ({ ...context.getStore() }),
    timestamp: stdTimeFunctions.isoTime,
  };
  const usePretty = setup.pretty ?? defaults.pretty;
  // pino-pretty as a synchronous stream, not a transport: transports start a worker thread that Next's server
  // bundle cannot resolve, and a synchronous stream keeps lines ordered with the process's exit.
  const destination =
    setup.destination ??
    (usePretty ? pretty({ sync: true, colorize: process.stdout.isTTY, ignore: 'pid,hostname' }) : fileDestination({ sync: true }));
  return pino(options, destination);
}

/** The process's logger; components take a child (`logger.child({ component: 'ai-worker' })`). */
export const logger: Logger = createLogger();

/** Runs `fn` with `ctx` added to every line logged inside it, including in awaited calls. */
export function withLogContext<T>(ctx: LogContext, fn: () => T): T {
  return context.run({ ...context.getStore(), ...ctx }, fn);
}

export function currentLogContext(): LogContext {
  return { ...context.getStore() };
}

/** Error fields safe to log: the message and code, not the whole object (which may carry request bodies). */
export function errorFields(error: unknown): { err: { message: string; name?: string; code?: string; stack?: string } } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { err: { message: error.message, name: error.name, ...(typeof code === 'string' ? { code } : {}), stack: error.stack } };
  }
  return { err: { message: String(error) } };
}

export type { Logger };

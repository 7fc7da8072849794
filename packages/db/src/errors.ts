import { z } from 'zod';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;

export interface DomainErrorOptions {
  /** For the log only (ids, internals); `message` defaults to the field and the people's message. */
  logMessage?: string;
  /** Every field's problem, when there is more than one (a form shows each next to its input). */
  fields?: Record<string, string>;
  cause?: unknown;
}

/**
 * What domain code throws for anything an adapter should answer rather than log as a crash: an HTTP status, a stable
 * code, the field it is about, and `userMessage`, written for people and shown as it is. `message` (what a log line
 * or stack trace shows) is kept apart, as in documenso's AppError, so internals never have to be sliced off a message.
 * Route handlers, server actions and job processors map these in one place each; they never inspect the text.
 */
export class DomainError extends Error {
  readonly userMessage: string;
  /** Field → people's message; the first field's entry is `field`'s. */
  readonly fields: Readonly<Record<string, string>>;

  constructor(
    userMessage: string,
    readonly status: ErrorStatus,
    readonly code: string,
    readonly field?: string,
    options: DomainErrorOptions = {},
  ) {
    super(
      options.logMessage ?? (field ? `${field}: ${userMessage}` : userMessage),
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = new.target.name;
    this.userMessage = userMessage;
    this.fields = options.fields ?? (field ? { [field]: userMessage } : {});
  }
}

/** Bad input: 400 naming the field (and every other field with a problem when `fields` is given). */
export class ValidationError extends DomainError {
  constructor(field: string, message: string, fields?: Record<string, string>) {
    super(message, 400, 'validation_error', field, fields ? { fields } : {});
  }

  /** The one place a zod failure becomes field errors: every field's first problem, in plain words. */
  static fromZod(error: z.ZodError): ValidationError {
    const fields = fieldErrors(error);
    const [field, message] = Object.entries(fields)[0] ?? ['input', 'This value is not accepted'];
    return new ValidationError(field, message, fields);
  }
}

/**
 * Parses a domain function's input with its schema: the data, or a ValidationError naming every field with a problem
 * (never a raw ZodError, which adapters would answer with a 500).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input, { error: plainIssue });
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  return parsed.data;
}

/** Also used for other tenants' rows: their existence is never revealed. */
export class NotFoundError extends DomainError {
  constructor(what: string) {
    super(`${what} not found`, 404, 'not_found');
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You do not have permission to do this') {
    super(message, 403, 'forbidden');
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'Authentication required') {
    super(message, 401, 'unauthorized');
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, field?: string) {
    super(message, 409, 'conflict', field);
  }
}

/** A unique constraint refused the write (Prisma's P2002): the row is there already. */
export function isUniqueViolation(error: unknown): boolean {
  return !!error && typeof error === 'object' && (error as { code?: unknown }).code === 'P2002';
}

/** `run`, with a unique violation answered as a ConflictError about `field` (a name already taken, say). */
export function conflictOnDuplicate<T>(run: Promise<T>, message: string, field: string): Promise<T> {
  return run.catch((error: unknown) => {
    if (isUniqueViolation(error)) throw new ConflictError(message, field);
    throw error;
  });
}

/**
 * Zod's own English messages ("Too big: expected string to have <=200 characters") read like a stack trace to a
 * customer. Passed as a parse's `error` option, this words the checks a schema left without a message; messages a
 * schema sets itself take precedence (zod: schema > per-parse > global).
 */
export function plainIssue(issue: z.core.$ZodRawIssue): string | undefined {
  const origin = 'origin' in issue ? issue.origin : undefined;
  switch (issue.code) {
    case 'too_big': {
      const max = Number(issue.maximum);
      if (origin === 'string') return `Use at most ${max.toLocaleString('en-US')} characters`;
      if (origin === 'array' || origin === 'set') return `Choose at most ${max}`;
      return `Enter at most ${issue.maximum}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (origin === 'string') return min <= 1 ? 'This field is required' : `Use at least ${min} characters`;
      if (origin === 'array' || origin === 'set') return `Choose at least ${min}`;
      return `Enter at least ${issue.minimum}`;
    }
    case 'invalid_format':
      if (issue.format === 'email') return 'Enter a valid email address';
      if (issue.format === 'url') return 'Enter a full web address, e.g. https://example.com';
      return 'This is not in the expected format';
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null) return 'This field is required';
      return issue.expected === 'number' ? 'Enter a number' : 'This value is not accepted';
    case 'invalid_value':
      return 'Choose one of the options offered';
    case 'unrecognized_keys':
      return 'This is not a known field';
    default:
      return undefined;
  }
}

/**
 * An issue's message, reworded by plainIssue when it is still zod's own default (a schema parsed without the
 * `error` option). A finalized issue no longer carries its input, so "received undefined" marks a missing field.
 */
function plainMessage(issue: z.core.$ZodIssue): string {
  const zodDefault = z.core.globalConfig.localeError?.(issue as unknown as z.core.$ZodRawIssue);
  const defaultText = typeof zodDefault === 'string' ? zodDefault : zodDefault?.message;
  const unworded =
    issue.message === defaultText || (issue.code === 'invalid_type' && /^Invalid input: expected \w+, received \w+$/.test(issue.message));
  if (!unworded) return issue.message;
  if (issue.code === 'invalid_type') {
    if (issue.message.endsWith('received undefined')) return 'This field is required';
    return issue.expected === 'number' ? 'Enter a number' : 'This value is not accepted';
  }
  return plainIssue(issue as unknown as z.core.$ZodRawIssue) ?? issue.message;
}

/** The key of a problem with the input as a whole (not a list or an object, say): a form names it so; an API calls it `body`. */
export const WHOLE_INPUT = 'form';

/**
 * Every field's first problem in plain words, keyed by its path (WHOLE_INPUT for the object itself). An unknown key is named
 * itself, not the object holding it; a problem inside a list (`tags.1`) also lands on the list (`tags`), the input a
 * form shows.
 */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...path, k]) : [path];
    for (const key of keys) {
      const message = plainMessage(issue);
      out[key.join('.') || WHOLE_INPUT] ??= message;
      const list = key.findIndex((p, i) => i > 0 && /^\d+$/.test(p));
      if (list > 0) out[key.slice(0, list).join('.')] ??= message;
    }
  }
  return out;
}

/** What an adapter (route handler, server action, job) answers for a thrown error. */
export interface ErrorAnswer {
  status: ErrorStatus | 503;
  code: string;
  /** For people; a form shows it next to `field`, an API answer prefixes the field. */
  message: string;
  field?: string;
  fields: Readonly<Record<string, string>>;
}

/**
 * The one mapping of errors to answers: a domain error (or a stray ZodError) becomes its status, code and field
 * errors; a database that is down becomes 503 (nothing was stored, the caller may retry). Null means a bug: the
 * adapter logs it and answers in general words.
 */
export function errorAnswer(error: unknown): ErrorAnswer | null {
  const known = error instanceof z.ZodError ? ValidationError.fromZod(error) : error;
  if (known instanceof DomainError) {
    return {
      status: known.status,
      code: known.code,
      message: known.userMessage,
      ...(known.field ? { field: known.field } : {}),
      fields: known.fields,
    };
  }
  if (isDatabaseUnavailable(error))
    return { status: 503, code: 'unavailable', message: 'The database is unavailable; nothing was saved. Retry shortly.', fields: {} };
  return null;
}

// Prisma's codes for a server it cannot reach, that closed the connection, or that timed out (pool included).
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
// pg SQLSTATEs: connection exceptions (08…), the server shutting down or starting (57P01–57P03).
const UNAVAILABLE_SQLSTATE = /^(08\d{3}|57P0[1-3])$/;
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);
const UNAVAILABLE_ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

/**
 * Whether an error means the database is down or unreachable rather than that the request was wrong: adapters
 * answer 503 with Retry-After for these (a mail relay or API client retries), never 500. Walks the cause chain,
 * since pg's errors reach us wrapped by the driver adapter.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, name, message, meta } = e as {
      code?: unknown;
      name?: unknown;
      message?: unknown;
      meta?: { driverAdapterError?: { cause?: { kind?: string } } };
    };
    if (name === 'PrismaClientInitializationError') return true;
    if (typeof code === 'string' && (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code)))
      return true;
    const kind = meta?.driverAdapterError?.cause?.kind;
    if (kind && UNAVAILABLE_ADAPTER_KINDS.has(kind)) return true;
    // pg's pool reports a connection the server dropped with a plain Error and no code.
    if (typeof message === 'string' && /^Connection terminated( unexpectedly| due to connection timeout)?$/.test(message)) return true;
  }
  return false;
}

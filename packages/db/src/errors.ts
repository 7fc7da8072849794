/**
 * Domain errors carry what an adapter needs to answer: an HTTP status and, for bad input, the field.
 * Route handlers and server actions map these; they never inspect messages.
 */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(field: string, message: string) {
    super(`${field}: ${message}`, 400, 'validation_error', field);
  }
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
    const { code, name, message, meta } = e as { code?: unknown; name?: unknown; message?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
    if (name === 'PrismaClientInitializationError') return true;
    if (typeof code === 'string' && (UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
    const kind = meta?.driverAdapterError?.cause?.kind;
    if (kind && UNAVAILABLE_ADAPTER_KINDS.has(kind)) return true;
    // pg's pool reports a connection the server dropped with a plain Error and no code.
    if (typeof message === 'string' && /^Connection terminated( unexpectedly| due to connection timeout)?$/.test(message)) return true;
  }
  return false;
}

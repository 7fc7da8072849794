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
